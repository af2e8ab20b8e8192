package dev.cistern.testkit.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** What the server tests ask a server: one value from a query, and to wait until a table holds some rows. */
final class ServerQueries {
    private ServerQueries() {
    }

    static Connection connect(DatabaseServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
    }

    /** {@return the first column of the first row} */
    static Object query(DatabaseServer server, String sql) throws SQLException {
        try (Connection c = connect(server); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    /** Waits up to 30 s for a replica to hold {@code rows} rows in table {@code t}: replication is asynchronous. */
    static void awaitRows(DatabaseServer replica, long rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (((Number) query(replica, "select count(*) from t")).longValue() != rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the replica did not reach " + rows + " rows in 30s");
            }
            Thread.sleep(20);
        }
    }
}
