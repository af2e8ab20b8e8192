package dev.cistern.testkit.db;

import static dev.cistern.testkit.db.ServerQueries.awaitRows;
import static dev.cistern.testkit.db.ServerQueries.connect;
import static dev.cistern.testkit.db.ServerQueries.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The testkit's streaming replicas: they follow the primary, pause and resume replay, and can be promoted. */
@Tag("integration")
class PostgresReplicationTest {

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
