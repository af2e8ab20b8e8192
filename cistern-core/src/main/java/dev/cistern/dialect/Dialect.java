package dev.cistern.dialect;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.util.Set;

/**
 * Per-database knowledge the pool needs: which errors mean the connection is dead (so it is discarded
 * instead of being lent again), which mean the server is full rather than down (so the pool waits for a slot
 * instead of opening its circuit), and how a URL must be adjusted to behave well under pooling.
 *
 * <p>The generic rule holds for every database: SQLState class 08 (connection exception) and the JDBC
 * exception types for lost connections are fatal. Each database adds its own states and vendor codes.
 */
public class Dialect {
    private static final int MAX_CHAIN_DEPTH = 8;

    private final DatabaseType type;
    private final Set<String> fatalSqlStates;
    private final Set<Integer> fatalErrorCodes;
    private final Set<Integer> serverFullErrorCodes;

    Dialect(DatabaseType type, Set<String> fatalSqlStates, Set<Integer> fatalErrorCodes) {
        this(type, fatalSqlStates, fatalErrorCodes, Set.of());
    }

    Dialect(DatabaseType type, Set<String> fatalSqlStates, Set<Integer> fatalErrorCodes,
            Set<Integer> serverFullErrorCodes) {
        this.type = type;
        this.fatalSqlStates = fatalSqlStates;
        this.fatalErrorCodes = fatalErrorCodes;
        this.serverFullErrorCodes = serverFullErrorCodes;
    }

    public static Dialect forUrl(String jdbcUrl) {
        return forType(DatabaseType.fromUrl(jdbcUrl));
    }

    public static Dialect forType(DatabaseType type) {
        switch (type) {
            case SQLITE:
                return new SqliteDialect();
            case POSTGRESQL:
                // admin_shutdown, crash_shutdown, cannot_connect_now, idle_session_timeout,
                // idle_in_transaction_session_timeout: the server has ended or is ending the session.
                return new Dialect(type, Set.of("57P01", "57P02", "57P03", "57P05", "25P03"), Set.of());
            case MYSQL:
            case MARIADB:
                // server shutdown in progress, server gone away, lost connection, disconnected for
                // inactivity, connection killed (MariaDB reports KILL as 70100 with code 1927).
                // Full: too many connections (1040), the user's max_user_connections (1203).
                return new Dialect(type, Set.of(), Set.of(1053, 1927, 2006, 2013, 4031), Set.of(1040, 1203));
            case H2:
                // connection broken, database closed, database called at shutdown, object already closed
                return new Dialect(type, Set.of(), Set.of(90067, 90098, 90121, 90007));
            case ORACLE:
                // session killed, not logged on, shutdown in progress/unavailable, end-of-file on channel,
                // not connected, lost contact, IO error, closed connection, no more data from socket.
                // Full: maximum number of sessions (ORA-00018) or of processes (ORA-00020) exceeded.
                return new Dialect(type, Set.of(), Set.of(28, 1012, 1033, 1034, 1089, 1090, 1092, 3113, 3114,
                        3135, 17002, 17008, 17410, 17447), Set.of(18, 20));
            case SQLSERVER:
                return new Dialect(type, Set.of(), Set.of(
                        4060 /* cannot open database */, 18456 /* login failed mid-session (killed) */),
                        Set.of(10928 /* Azure SQL: the database's session or worker limit is reached */));
            default:
                return new Dialect(DatabaseType.UNKNOWN, Set.of(), Set.of());
        }
    }

    public DatabaseType type() {
        return type;
    }

    /** {@return the SQLStates this database adds to the generic rule (class 08 and lost-connection exceptions)} */
    public Set<String> fatalSqlStates() {
        return fatalSqlStates;
    }

    /** {@return the vendor error codes this database adds to the generic rule} */
    public Set<Integer> fatalErrorCodes() {
        return fatalErrorCodes;
    }

    /**
     * True when the exception (or one chained to it) says the physical connection is unusable. Follows
     * both {@link Throwable#getCause()} and {@link SQLException#getNextException()}, since drivers put the
     * real error in either.
     */
    public boolean isFatal(SQLException e) {
        Throwable current = e;
        for (int depth = 0; current != null && depth < MAX_CHAIN_DEPTH; depth++) {
            if (current instanceof SQLException) {
                SQLException sql = (SQLException) current;
                if (isFatalItself(sql)) {
                    return true;
                }
                SQLException next = sql.getNextException();
                if (next != null && next != sql && isFatalItself(next)) {
                    return true;
                }
            }
            Throwable cause = current.getCause();
            current = cause == current ? null : cause;
        }
        return false;
    }

    /**
     * True when the exception (or one chained to it) says the server refused a new connection because it is
     * full, not because it is down or the login is wrong: PostgreSQL's SQLState 53300 (its limit, the slots
     * reserved for superusers, a role's or a database's {@code CONNECTION LIMIT}; also what an unknown driver
     * reporting that state means), PgBouncer's "no more connections allowed", and each database's own codes
     * (MySQL/MariaDB 1040 and 1203, Oracle ORA-00018 and ORA-00020, SQL Server 10928). A full server answers,
     * so it is up: the pool waits for a slot instead of counting the refusal towards its circuit breaker.
     */
    public boolean isServerFull(SQLException e) {
        Throwable current = e;
        for (int depth = 0; current != null && depth < MAX_CHAIN_DEPTH; depth++) {
            if (current instanceof SQLException && isServerFullItself((SQLException) current)) {
                return true;
            }
            Throwable cause = current.getCause();
            current = cause == current ? null : cause;
        }
        return false;
    }

    private boolean isServerFullItself(SQLException e) {
        if ("53300".equals(e.getSQLState()) || serverFullErrorCodes.contains(e.getErrorCode())) {
            return true;
        }
        String message = e.getMessage();
        return message != null && (type == DatabaseType.POSTGRESQL || type == DatabaseType.UNKNOWN)
                && message.contains("no more connections allowed");
    }

    /**
     * True when a statement was refused because the server does not take writes: PostgreSQL's 25006
     * ({@code read_only_sql_transaction}: a standby, or {@code default_transaction_read_only}, or a read-only
     * transaction of the user's own), MySQL's and MariaDB's 1290 about {@code --read-only} and 1836
     * ({@code READ_ONLY_MODE}). The pool asks the server before it takes this for a failover.
     */
    public boolean isReadOnlyRefusal(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if (type == DatabaseType.POSTGRESQL && "25006".equals(current.getSQLState())) {
                return true;
            }
            if ((type == DatabaseType.MYSQL || type == DatabaseType.MARIADB) && (current.getErrorCode() == 1836
                    || (current.getErrorCode() == 1290 && current.getMessage() != null
                            && current.getMessage().contains("read-only")))) {
                return true;
            }
            if (current.getNextException() == current) {
                break;
            }
        }
        return false;
    }

    /**
     * True when a connect failed because, of the servers a multi-host URL names, none has the role asked for,
     * though some answered: pgjdbc's "Could not find a server with specified targetServerType". A failover in
     * progress, not an outage: the pool asks again shortly instead of opening its circuit.
     */
    public boolean isNoServerOfRole(SQLException e) {
        String message = e.getMessage();
        return type == DatabaseType.POSTGRESQL && message != null
                && message.startsWith("Could not find a server with specified targetServerType");
    }

    private boolean isFatalItself(SQLException e) {
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || fatalSqlStates.contains(state))) {
            return true;
        }
        return fatalErrorCodes.contains(e.getErrorCode()) || isFatalVendorError(e);
    }

    /** Hook for rules that sets cannot express. */
    boolean isFatalVendorError(SQLException e) {
        return false;
    }

    /**
     * The URL to open physical connections with. Most databases take it as it is; an in-memory SQLite
     * database must be made shareable so that every pooled connection sees the same data.
     */
    public String connectionUrl(String jdbcUrl, String poolName) {
        return jdbcUrl;
    }

    /** True when the database lives only as long as some connection to it stays open. */
    public boolean needsAnchorConnection(String jdbcUrl) {
        return false;
    }
}
