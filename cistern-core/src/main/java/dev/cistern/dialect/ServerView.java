package dev.cistern.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a connection's server says of itself: which server it is (as it sees its own address and port, so two
 * servers behind one name or proxy differ) and whether it takes writes, with the reason when it does not.
 *
 * @param server   {@code address:port} as the server reports it
 * @param readOnly whether it refuses writes: in recovery (a standby), or read-only by its settings
 * @param why      for a read-only server, what made it so ({@code in recovery}, {@code read_only=ON}, ...)
 */
public record ServerView(String server, boolean readOnly, String why) {
    private static final String POSTGRES = "SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only'),"
            + " coalesce(host(inet_server_addr()), 'local'), current_setting('port')";
    private static final String MYSQL = "SELECT @@read_only, @@innodb_read_only, @@hostname, @@port";
    private static final int QUERY_TIMEOUT_SECONDS = 5;

    /**
     * Asks the connection's server: one query, in its own statement, leaving no transaction open.
     *
     * @return the view, or null when this database's servers cannot be asked
     */
    public static ServerView of(DatabaseType type, Connection connection) throws SQLException {
        if (!type.knowsServerRoles()) {
            return null;
        }
        boolean postgres = type == DatabaseType.POSTGRESQL;
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS); // a stalled server must not hold a creator or a returning borrower
            return read(connection, s, postgres);
        }
    }

    private static ServerView read(Connection connection, Statement s, boolean postgres) throws SQLException {
        try (ResultSet rs = s.executeQuery(postgres ? POSTGRES : MYSQL)) {
            if (!rs.next()) {
                throw new SQLException("the server's role query returned no row", "08000");
            }
            String server = rs.getString(3) + ":" + rs.getString(4);
            ServerView view;
            if (postgres) {
                boolean recovery = rs.getBoolean(1);
                boolean readOnly = "on".equalsIgnoreCase(rs.getString(2));
                view = new ServerView(server, recovery || readOnly,
                        recovery ? "in recovery (a standby)" : readOnly ? "default_transaction_read_only=on" : null);
            } else {
                boolean readOnly = rs.getInt(1) != 0;
                boolean innodb = rs.getInt(2) != 0;
                view = new ServerView(server, readOnly || innodb,
                        readOnly ? "read_only=ON" : innodb ? "innodb_read_only=ON" : null);
            }
            if (!connection.getAutoCommit()) {
                connection.rollback(); // the query began a transaction; leave none behind
            }
            return view;
        }
    }

    /** {@return the role in words: "primary" or "read-only (why)"} */
    public String describe() {
        return readOnly ? "read-only (" + why + ")" : "primary";
    }
}
