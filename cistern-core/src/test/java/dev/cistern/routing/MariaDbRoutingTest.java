package dev.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cistern.PoolConfig;
import dev.cistern.testkit.db.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Routing on a real MariaDB primary and its GTID replica, both started by the test on loopback. Which
 * server ran a statement is asked of the server ({@code @@port}).
 */
@Tag("integration")
class MariaDbRoutingTest {
    private static MariaDbServer primary;
    private static MariaDbServer replica;
    private static final RoutedWork routed = new RoutedWork("select @@port");

    @BeforeAll
    static void startServers() throws Exception {
        primary = MariaDbServer.startPrimary();
        replica = primary.startReplica();
        try (Connection c = DriverManager.getConnection(primary.jdbcUrl(), primary.username(), primary.password());
             Statement s = c.createStatement()) {
            s.execute("create table items (id bigint primary key, note varchar(20))");
        }
    }

    @AfterAll
    static void stopServers() {
        primary.close();
    }

    private static PoolConfig.Builder pool(MariaDbServer server, String name) {
        return PoolConfig.builder().jdbcUrl(server.jdbcUrl()).username(server.username()).password(server.password())
                .poolName(name).maximumPoolSize(8).minimumIdle(1).connectionTimeout(Duration.ofSeconds(5));
    }

    private static RoutingDataSource.Builder routing() {
        return RoutingDataSource.builder().primary(pool(primary, "maria-primary").build())
                .replica(pool(replica, "maria-replica").build())
                .replicaLagCheckInterval(Duration.ofMillis(200)).maxReplicaLag(Duration.ofSeconds(5));
    }




    @Test
    void readsGoToTheReplicaUntilItStopsApplyingThenToThePrimaryAndBack() throws Exception {
        try (RoutingDataSource ds = routing().build()) {
            ds.checkReplicationNow();
            assertThat(ds.stats().primaryRole()).isEqualTo(ServerRole.PRIMARY);
            assertThat(ds.stats().replicas().get(0).role()).isEqualTo(ServerRole.REPLICA);
            for (int i = 0; i < 10; i++) {
                assertThat(routed.serverPort(ds, true)).isEqualTo(replica.port());
                assertThat(routed.serverPort(ds, false)).isEqualTo(primary.port());
            }
            replica.stopApplying(true);
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().replicas().get(0).passedOver() == SkipReason.LAGGING);
                assertThat(routed.serverPort(ds, true)).as("the only replica stopped: the primary serves").isEqualTo(primary.port());
                assertThat(ds.stats().fallbackReads()).isPositive();
            } finally {
                replica.stopApplying(false);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ds.stats().replicas().get(0).passedOver() == null);
            assertThat(routed.serverPort(ds, true)).isEqualTo(replica.port());
        }
    }

    @Test
    void readYourWritesByGtid() throws Exception {
        try (RoutingDataSource ds = routing().consistency(Consistency.READ_YOUR_WRITES)
                .causalReadTimeout(Duration.ofMillis(300)).build()) {
            ds.checkReplicationNow();
            List<String> missed = routed.insertThenReadRounds(ds, 8, 300);
            assertThat(missed).isEmpty();
            assertThat(ds.stats().replicas().get(0).reads()).as("the replica served most of them").isPositive();

            replica.stopApplying(true);
            try {
                long id = routed.insert(ds);
                assertThat(routed.readSees(ds, id)).as("not applied on the replica: read from the primary").isTrue();
            } finally {
                replica.stopApplying(false);
            }
        }
    }
}
