package dev.cistern.testkit.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The testkit's streaming replicas: they follow the primary, pause and resume replay, and can be promoted. */
@Tag("integration")
class PostgresReplicationTest {

    private static Connection connect(PostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
    }

    private static Object query(PostgresServer server, String sql) throws SQLException {
        try (Connection c = connect(server); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private static void awaitRows(PostgresServer standby, long rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (((Number) query(standby, "select count(*) from t")).longValue() != rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the standby did not reach " + rows + " rows");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void standbysFollowPauseResumeAndPromote() throws Exception {
        try (PostgresServer primary = PostgresServer.startPrimary()) {
            try (Connection c = connect(primary); Statement s = c.createStatement()) {
                s.execute("create table t (x int)");
                s.execute("insert into t values (1)");
            }
            PostgresServer one = primary.startStandby("one");
            PostgresServer two = primary.startStandby("two");
            assertThat(query(one, "select pg_is_in_recovery()")).isEqualTo(true);
            try (Connection c = connect(primary); Statement s = c.createStatement()) {
                s.execute("insert into t values (2)"); // after the copies: only streaming brings it
            }
            awaitRows(one, 2);
            awaitRows(two, 2);
            assertThat(((Number) query(primary, "select count(*) from pg_stat_replication")).intValue()).isEqualTo(2);

            one.pauseReplay(true);
            try (Connection c = connect(primary); Statement s = c.createStatement()) {
                s.execute("insert into t values (3)");
            }
            awaitRows(two, 3);
            Thread.sleep(200);
            assertThat(((Number) query(one, "select count(*) from t")).longValue()).as("paused").isEqualTo(2);
            one.pauseReplay(false);
            awaitRows(one, 3);

            two.promote();
            assertThat(query(two, "select pg_is_in_recovery()")).isEqualTo(false);
            try (Connection c = connect(two); Statement s = c.createStatement()) {
                s.execute("insert into t values (4)"); // takes writes now
            }
        }
    }
}
