package dev.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cistern.PoolConfig;
import dev.cistern.testkit.db.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 25, part 2: routing follows a failover. A real PostgreSQL 17 primary and its standby under mixed load
 * (threads writing through the routing data source, threads reading through {@code forReads()}); the primary
 * stops and the standby is promoted: writes move to it, reads keep flowing (to it, as the fallback, while it is
 * the only server); then the old primary comes back as a standby of the new one and serves reads again.
 */
@Tag("integration")
class PostgresRoutingFailoverTest {
    private PostgresServer primary;
    private PostgresServer standby;

    @AfterEach
    void stop() {
        if (primary != null) {
            primary.close(); // and the standby
        }
    }

    private static PoolConfig.Builder pool(PostgresServer server, String name) {
        return PoolConfig.builder().jdbcUrl(server.jdbcUrl()).username(server.username()).password(server.password())
                .poolName(name).maximumPoolSize(6).minimumIdle(1).connectionTimeout(Duration.ofSeconds(3))
                .circuitBreakerFailureThreshold(2).circuitBreakerOpenDuration(Duration.ofMillis(500));
    }

    private static int serverPort(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select inet_server_port()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void writesMoveToThePromotedStandbyAndTheOldPrimaryComesBackForReads() throws Exception {
        primary = PostgresServer.startPrimary();
        try (Connection c = DriverManager.getConnection(primary.jdbcUrl(), primary.username(), primary.password());
             Statement s = c.createStatement()) {
            s.execute("create table items (id bigint primary key)");
        }
        standby = primary.startStandby("standby");
        try (RoutingDataSource ds = RoutingDataSource.builder().primary(pool(primary, "old-primary").build())
                .replica(pool(standby, "standby").build()).replicaLagCheckInterval(Duration.ofMillis(200))
                .maxReplicaLag(Duration.ofSeconds(2)).build()) {
            ds.checkReplicationNow();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong nextId = new AtomicLong();
            AtomicLong writes = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                load.add(new Thread(() -> {
                    while (running.get()) {
                        try (Connection c = ds.getConnection();
                             PreparedStatement insert = c.prepareStatement("insert into items values (?)")) {
                            insert.setLong(1, nextId.incrementAndGet());
                            insert.executeUpdate();
                            writes.incrementAndGet();
                        } catch (SQLException e) {
                            pause();
                        }
                    }
                }));
                load.add(new Thread(() -> {
                    while (running.get()) {
                        try (Connection c = ds.forReads().getConnection(); Statement s = c.createStatement();
                             ResultSet rs = s.executeQuery("select count(*) from items")) {
                            rs.next();
                            reads.incrementAndGet();
                        } catch (SQLException e) {
                            pause();
                        }
                    }
                }));
            }
            load.forEach(Thread::start);
            try {
                Thread.sleep(1000);
                assertThat(ds.stats().writesTo()).isEqualTo("old-primary");
                primary.stop();
                Thread.sleep(500);
                standby.promote();
                long writesAtPromotion = writes.get();
                long readsAtPromotion = reads.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> "standby".equals(ds.stats().writesTo())
                        && writes.get() > writesAtPromotion + 50 && reads.get() > readsAtPromotion + 50);
                try (Connection c = ds.forWrites().getConnection()) {
                    assertThat(serverPort(c)).as("writes on the promoted standby").isEqualTo(standby.port());
                }

                primary.rejoinAsStandbyOf(standby, "old_primary");
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                    try (Connection c = ds.forReads().getConnection()) {
                        assertThat(serverPort(c)).as("a read on the old primary, a standby now").isEqualTo(primary.port());
                    }
                });
                long writesNow = writes.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> writes.get() > writesNow + 50);
                assertThat(ds.stats().writesTo()).isEqualTo("standby");
                assertThat(ds.stats().primaryRole()).isEqualTo(ServerRole.REPLICA);
            } finally {
                running.set(false);
                for (Thread t : load) {
                    t.join(30_000);
                }
            }
        }
    }

    /**
     * The primary pool has a multi-host URL and {@code role=PRIMARY}, so it follows the failover itself; its
     * connections and the standby's replica pool then are on one server, which is one primary, not a split brain:
     * writes go on through the primary pool.
     */
    @Test
    void aPrimaryPoolWithAMultiHostUrlFollowsAndIsNotTakenForASplitBrain() throws Exception {
        primary = PostgresServer.startPrimary();
        try (Connection c = DriverManager.getConnection(primary.jdbcUrl(), primary.username(), primary.password());
             Statement s = c.createStatement()) {
            s.execute("create table items (id bigint primary key)");
        }
        standby = primary.startStandby("standby");
        String both = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
                + "/postgres?targetServerType=primary&connectTimeout=2";
        try (RoutingDataSource ds = RoutingDataSource.builder()
                .primary(pool(primary, "writes").jdbcUrl(both).role(dev.cistern.RequiredRole.PRIMARY).build())
                .replica(pool(standby, "standby").build()).replicaLagCheckInterval(Duration.ofMillis(200)).build()) {
            ds.checkReplicationNow();
            primary.stop();
            Thread.sleep(300);
            standby.promote();
            AtomicLong id = new AtomicLong();
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
                try (Connection c = ds.getConnection(); PreparedStatement insert = c.prepareStatement("insert into items values (?)")) {
                    insert.setLong(1, id.incrementAndGet());
                    insert.executeUpdate();
                    assertThat(serverPort(c)).isEqualTo(standby.port());
                }
            });
            ds.checkReplicationNow();
            assertThat(ds.stats().writesTo()).as("one primary: the pool that followed it").isEqualTo("writes");
            for (int i = 0; i < 10; i++) {
                try (Connection c = ds.getConnection(); PreparedStatement insert = c.prepareStatement("insert into items values (?)")) {
                    insert.setLong(1, id.incrementAndGet());
                    insert.executeUpdate();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
