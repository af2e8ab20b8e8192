package dev.cistern.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.RequiredRole;
import dev.cistern.testkit.db.MariaDbServer;
import dev.cistern.testkit.net.FaultProxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 25, part 1, on MariaDB: the primary is made read-only ({@code SET GLOBAL read_only=1}, error 1290 for the
 * application's user), its GTID replica catches up and is promoted, and the name the pool connects to moves to
 * it (a forwarder re-pointed, as a proxy or a virtual IP would be). The pool follows, and nothing it committed is
 * missing on the new primary.
 */
class FailoverMariaDbTest {
    private MariaDbServer primary;
    private MariaDbServer replica;
    private CisternDataSource pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    private static Connection root(MariaDbServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
    }

    private static String gtidPosition(MariaDbServer server) throws SQLException {
        try (Connection c = root(server); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Waits until the replica has applied everything up to {@code position}. */
    private static void awaitApplied(MariaDbServer replica, String position) throws SQLException {
        try (Connection c = root(replica); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MASTER_GTID_WAIT('" + position + "', 30)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the replica applied " + position).isZero();
        }
    }

    /** A primary and its GTID replica, the application's user and the writers' table on both. */
    private void startPair() throws Exception {
        primary = MariaDbServer.startPrimary();
        replica = primary.startReplica();
        primary.createUser("app");
        try (Connection admin = root(primary)) {
            NumberedWriters.createTable(admin);
        }
        awaitApplied(replica, gtidPosition(primary));
    }

    @Test
    void aReadOnlyPrimaryIsLeftForThePromotedReplicaWhenTheNameMoves() throws Exception {
        startPair();
        try (FaultProxy name = FaultProxy.start("127.0.0.1", primary.port())) {
            pool = new CisternDataSource(PoolConfig.builder().jdbcUrl("jdbc:mariadb://127.0.0.1:" + name.port() + "/cistern")
                    .username("app").password("app").maximumPoolSize(8).minimumIdle(8)
                    .connectionTimeout(Duration.ofSeconds(10)).build());
            await().atMost(10, TimeUnit.SECONDS).until(() -> pool.stats().total() == 8);
            assertThat(pool.stats().servers().keySet()).singleElement().asString().endsWith(":" + primary.port());
            try (NumberedWriters writers = new NumberedWriters(pool, 16)) {
                Thread.sleep(1000);
                primary.readOnly(true);
                Thread.sleep(200);
                awaitApplied(replica, gtidPosition(primary));
                replica.promote();
                NumberedWriters.Around move = writers.around("HY000", () -> name.retarget("127.0.0.1", replica.port()),
                        1000);
                System.out.printf("MariaDB moved name: %s; failures by SQLState %s; pool %s%n", move, writers.failures(),
                        pool.stats().toMap());
                assertThat(move.refusedBefore()).as("the read-only primary refused writes (1290)").isPositive();
                assertThat(move.refusedAfter()).as("one per pooled connection at most").isLessThanOrEqualTo(8);
                try (Connection newPrimary = root(replica)) {
                    assertThat(writers.missingOn(newPrimary)).isEmpty();
                }
            }
            assertThat(pool.stats().servers().keySet()).singleElement().asString().endsWith(":" + replica.port());
            assertThat(pool.stats().failovers()).isEqualTo(1);
        }
    }

    /**
     * MariaDB Connector/J's {@code sequential} URL lists the primary then the replica: the primary is fenced and stops, the
     * replica is promoted, and the pool's next connections land on it as the driver tries the hosts in order;
     * {@code role=primary} keeps them off it until it takes writes.
     */
    @Test
    void aSequentialUrlFollowsThePromotedReplicaWhenThePrimaryStops() throws Exception {
        startPair();
        pool = new CisternDataSource(PoolConfig.builder().jdbcUrl("jdbc:mariadb:sequential://127.0.0.1:" + primary.port()
                + ",127.0.0.1:" + replica.port() + "/cistern?connectTimeout=2000").username("app").password("app")
                .maximumPoolSize(8).minimumIdle(8).connectionTimeout(Duration.ofSeconds(10)).role(RequiredRole.PRIMARY)
                .build());
        await().atMost(10, TimeUnit.SECONDS).until(() -> pool.stats().total() == 8);
        try (NumberedWriters writers = new NumberedWriters(pool, 16)) {
            Thread.sleep(1000);
            primary.readOnly(true); // fenced first, so that all it committed can be waited for on the replica
            Thread.sleep(200);
            String last = gtidPosition(primary);
            primary.stop();
            awaitApplied(replica, last);
            Thread.sleep(300);
            NumberedWriters.Around promotion = writers.around("HY000", replica::promote, 500);
            System.out.printf("MariaDB sequential URL: %s; failures by SQLState %s; pool %s%n", promotion,
                    writers.failures(), pool.stats().toMap());
            try (Connection newPrimary = root(replica)) {
                assertThat(writers.missingOn(newPrimary)).isEmpty();
            }
        }
        assertThat(pool.stats().servers().keySet()).singleElement().asString().endsWith(":" + replica.port());
        assertThat(pool.stats().circuitRefusals()).isZero();
    }

    /** {@code role=replica} keeps a pool off the primary: each connection there is closed before it is lent. */
    @Test
    void roleReplicaKeepsThePoolOnTheReplica() throws Exception {
        startPair();
        try (FaultProxy name = FaultProxy.start("127.0.0.1", primary.port())) {
            pool = new CisternDataSource(PoolConfig.builder().jdbcUrl("jdbc:mariadb://127.0.0.1:" + name.port() + "/cistern")
                    .username("app").password("app").maximumPoolSize(2).minimumIdle(0)
                    .initializationFailTimeout(Duration.ZERO).connectionTimeout(Duration.ofMillis(800))
                    .role(RequiredRole.REPLICA).build());
            org.assertj.core.api.Assertions.assertThatThrownBy(pool::getConnection)
                    .hasMessageContaining("role the pool wants");
            assertThat(pool.stats().wrongRoleRefusals()).isPositive();
            name.retarget("127.0.0.1", replica.port());
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@read_only")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }
}
