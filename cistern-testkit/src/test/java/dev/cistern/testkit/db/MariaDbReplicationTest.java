package dev.cistern.testkit.db;

import static dev.cistern.testkit.db.ServerQueries.awaitRows;
import static dev.cistern.testkit.db.ServerQueries.connect;
import static dev.cistern.testkit.db.ServerQueries.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The testkit's MariaDB replica: it follows the primary by GTID, and stops applying when told. */
@Tag("integration")
class MariaDbReplicationTest {

    @Test
    void aReplicaFollowsByGtidAndStopsApplyingWhenTold() throws Exception {
        try (MariaDbServer primary = MariaDbServer.startPrimary()) {
            MariaDbServer replica = primary.startReplica();
            try (Connection c = DriverManager.getConnection(primary.jdbcUrl(), "root", "");
                 Statement s = c.createStatement()) {
                s.execute("create table t (x int primary key)");
                s.execute("insert into t values (1)");
            }
            awaitRows(replica, 1);
            assertThat(((Number) query(replica, "select @@read_only")).intValue()).isEqualTo(1);
            replica.stopApplying(true);
            try (Connection c = DriverManager.getConnection(primary.jdbcUrl(), "root", "");
                 Statement s = c.createStatement()) {
                s.execute("insert into t values (2)");
            }
            Thread.sleep(300);
            assertThat(((Number) query(replica, "select count(*) from t")).longValue()).isEqualTo(1);
            replica.stopApplying(false);
            awaitRows(replica, 2);
        }
    }
}
