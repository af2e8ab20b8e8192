package dev.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cistern.PoolConfig;
import dev.cistern.testkit.db.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Routing on a real PostgreSQL primary with two streaming replicas, all started by the test on loopback.
 * Which server ran a statement is asked of the server itself ({@code inet_server_port()}). The promotion
 * runs last, as it ends a replica's life as a replica.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresRoutingTest {
    private static PostgresServer primary;
    private static PostgresServer replica1;
    private static PostgresServer replica2;
    private static final RoutedWork routed = new RoutedWork("select inet_server_port()");

    @BeforeAll
    static void startServers() throws Exception {
        primary = PostgresServer.startPrimary();
        try (Connection c = java.sql.DriverManager.getConnection(primary.jdbcUrl(), primary.username(), primary.password());
             Statement s = c.createStatement()) {
            s.execute("create table items (id bigint primary key, note text)");
        }
        replica1 = primary.startStandby("replica1");
        replica2 = primary.startStandby("replica2");
    }

    @AfterAll
    static void stopServers() {
        primary.close();
    }

    private static PoolConfig.Builder pool(PostgresServer server, String name) {
        return PoolConfig.builder().jdbcUrl(server.jdbcUrl()).username(server.username()).password(server.password())
                .poolName(name).maximumPoolSize(8).minimumIdle(1).connectionTimeout(Duration.ofSeconds(5))
                .circuitBreakerFailureThreshold(2).circuitBreakerOpenDuration(Duration.ofMillis(500));
    }

    private static RoutingDataSource.Builder routing() {
        return RoutingDataSource.builder().primary(pool(primary, "pg-primary").build())
                .replica(pool(replica1, "pg-replica1").build()).replica(pool(replica2, "pg-replica2").build())
                .replicaLagCheckInterval(Duration.ofMillis(200)).maxReplicaLag(Duration.ofSeconds(1));
    }




    @Test
    @Order(1)
    void readsSpreadOverTheReplicasAndWritesGoToThePrimary() throws Exception {
        try (RoutingDataSource ds = routing().build()) {
            ds.checkReplicationNow();
            Map<Integer, Integer> reads = new ConcurrentHashMap<>();
            for (int i = 0; i < 100; i++) {
                reads.merge(routed.serverPort(ds, true), 1, Integer::sum);
            }
            assertThat(reads).containsOnlyKeys(replica1.port(), replica2.port());
            assertThat(reads.get(replica1.port())).isEqualTo(50);
            for (int i = 0; i < 10; i++) {
                assertThat(routed.serverPort(ds, false)).isEqualTo(primary.port());
            }
            assertThat(routed.serverPort(ds.forWrites(), true)).as("forWrites ignores read-only").isEqualTo(primary.port());
            assertThat(routed.serverPort(ds.forReads(), false)).isIn(replica1.port(), replica2.port());
            RoutingStats stats = ds.stats();
            assertThat(stats.primaryRole()).isEqualTo(ServerRole.PRIMARY);
            assertThat(stats.replicas()).allSatisfy(r -> {
                assertThat(r.role()).isEqualTo(ServerRole.REPLICA);
                assertThat(r.passedOver()).isNull();
                assertThat(r.lag()).isLessThan(Duration.ofSeconds(1));
            });
        }
    }

    @Test
    @Order(1)
    void everyStrategySpreadsReadsOverBothReplicas() throws Exception {
        for (ReplicaStrategy strategy : ReplicaStrategy.values()) {
            try (RoutingDataSource ds = routing().strategy(strategy).build()) {
                ds.checkReplicationNow();
                // Warm: each replica's pool holds a connection per reader first, so LEAST_LOADED compares
                // reads in flight, not pools still opening connections at connectionCreationRate.
                for (dev.cistern.CisternDataSource replica : ds.replicas().values()) {
                    List<java.sql.Connection> held = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        held.add(replica.getConnection());
                    }
                    for (java.sql.Connection c : held) {
                        c.close();
                    }
                }
                Map<Integer, AtomicInteger> reads = new ConcurrentHashMap<>();
                ExecutorService readers = Executors.newFixedThreadPool(4);
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    work.add(readers.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            reads.computeIfAbsent(routed.serverPort(ds, true), p -> new AtomicInteger()).incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
                readers.shutdownNow();
                assertThat(reads).as(strategy.name()).containsOnlyKeys(replica1.port(), replica2.port());
                assertThat(reads.values()).as(strategy + ": each replica has a real share of 200 reads")
                        .allSatisfy(n -> assertThat(n.get()).isGreaterThan(20));
            }
        }
    }

    /** Spring's @Transactional(readOnly = true): read-only, autocommit off, statements, commit. */
    @Test
    @Order(2)
    void aReadOnlyTransactionRunsOnAReplicaWhichRefusesWrites() throws Exception {
        try (RoutingDataSource ds = routing().build(); Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select inet_server_port(), pg_is_in_recovery()")) {
                rs.next();
                assertThat(rs.getInt(1)).isIn(replica1.port(), replica2.port());
                assertThat(rs.getBoolean(2)).isTrue();
            }
            try (Statement s = c.createStatement()) {
                s.execute("insert into items values (-1, 'nowhere')");
                throw new AssertionError("a replica took a write");
            } catch (SQLException e) {
                assertThat(e.getSQLState()).isEqualTo("25006");
            }
            c.rollback();
            c.setAutoCommit(true);
            c.setReadOnly(false);
            assertThat(c.createStatement().executeQuery("select inet_server_port()")).satisfies(rs -> {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(primary.port());
            });
        }
    }

    @Test
    @Order(3)
    void aReplicaStoppedUnderLoadIsPassedOverWithoutAFailedReadAndUsedAgainWhenBack() throws Exception {
        try (RoutingDataSource ds = routing().build()) {
            ds.checkReplicationNow();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Map<Integer, AtomicInteger> served = new ConcurrentHashMap<>();
            ExecutorService readers = Executors.newFixedThreadPool(8);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(readers.submit(() -> {
                    while (running.get()) {
                        try {
                            served.computeIfAbsent(routed.serverPort(ds, true), p -> new AtomicInteger()).incrementAndGet();
                        } catch (SQLException | RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            try {
                Thread.sleep(500);
                replica1.stop();
                long stoppedAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().replicas().get(0).passedOver() != null);
                Duration noticed = Duration.ofNanos(System.nanoTime() - stoppedAt);
                int before = served.get(replica2.port()).get();
                Thread.sleep(500);
                assertThat(served.get(replica2.port()).get()).as("reads go on, on the other replica").isGreaterThan(before);
                assertThat(noticed).as("passed over within about one second").isLessThan(Duration.ofSeconds(3));

                replica1.startServer();
                int r1Before = served.get(replica1.port()).get();
                await().atMost(Duration.ofSeconds(20)).until(() -> served.get(replica1.port()).get() > r1Before + 10);
            } finally {
                running.set(false);
                for (Future<?> f : work) {
                    f.get();
                }
                readers.shutdownNow();
            }
            assertThat(failures).as("no read failed").isEmpty();
        }
    }

    @Test
    @Order(4)
    void aLaggingReplicaIsPassedOverUntilItCatchesUp() throws Exception {
        try (RoutingDataSource ds = routing().build()) {
            ds.checkReplicationNow();
            long id = routed.insert(ds); // replayed before the pause, so the replica's last replay time is known
            await().atMost(Duration.ofSeconds(10)).until(() -> count(replica1, id) == 1);
            replica1.pauseReplay(true);
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    try {
                        routed.insert(ds);
                        Thread.sleep(10);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            writer.start();
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> ds.stats().replicas().get(0).passedOver() == SkipReason.LAGGING);
                assertThat(ds.stats().replicas().get(0).lag()).isGreaterThan(Duration.ofSeconds(1));
                for (int i = 0; i < 20; i++) {
                    assertThat(routed.serverPort(ds, true)).isEqualTo(replica2.port());
                }
                replica1.pauseReplay(false);
                await().atMost(Duration.ofSeconds(15)).until(() -> ds.stats().replicas().get(0).passedOver() == null);
                Map<Integer, Integer> reads = new ConcurrentHashMap<>();
                for (int i = 0; i < 20; i++) {
                    reads.merge(routed.serverPort(ds, true), 1, Integer::sum);
                }
                assertThat(reads).containsKey(replica1.port());
            } finally {
                writing.set(false);
                writer.join();
                replica1.pauseReplay(false);
            }
        }
    }

    /** 1,000 insert-then-read rounds from 16 threads while one replica lags: every read sees its write. */
    @Test
    @Order(5)
    void readYourWritesEveryReadSeesItsWriteWhileAReplicaLags() throws Exception {
        try (RoutingDataSource ds = routing().consistency(Consistency.READ_YOUR_WRITES)
                .maxReplicaLag(Duration.ofSeconds(30)).causalReadTimeout(Duration.ofSeconds(2)).build()) {
            ds.checkReplicationNow();
            replica1.pauseReplay(true);
            List<String> missed;
            try {
                missed = routed.insertThenReadRounds(ds, 16, 1000);
            } finally {
                replica1.pauseReplay(false);
            }
            assertThat(missed).as("reads that did not see their own write").isEmpty();
            RoutingStats stats = ds.stats();
            assertThat(stats.replicas().get(1).reads()).as("the caught-up replica served reads").isPositive();
            assertThat(stats.replicas().get(0).skips().get(SkipReason.NOT_CAUGHT_UP)).as("the paused one was passed over")
                    .isPositive();
        }
    }

    /**
     * A replica promoted while the primary still takes writes: two primaries, a split brain. It is noticed, every
     * write is refused naming both (none reaches either), and reads keep flowing to the other replica.
     */
    @Test
    @Order(6)
    void aReplicaPromotedBesideARunningPrimaryStopsEveryWrite() throws Exception {
        try (RoutingDataSource ds = routing().build()) {
            ds.checkReplicationNow();
            long before = count(primary);
            replica2.promote();
            await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().replicas().get(1).passedOver() == SkipReason.PROMOTED
                    && ds.stats().writesTo() == null);
            assertThat(ds.stats().replicas().get(1).role()).isEqualTo(ServerRole.PRIMARY);
            for (int i = 0; i < 20; i++) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> routed.insert(ds))
                        .hasMessageContaining("pg-primary and pg-replica2 all take writes (a split brain)");
                assertThat(routed.serverPort(ds, true)).as("reads keep flowing, not to the promoted server").isEqualTo(replica1.port());
            }
            assertThat(count(primary)).as("no write on the primary").isEqualTo(before);
            assertThat(count(replica2)).as("none on the promoted server").isLessThanOrEqualTo(before);
        }
    }

    private static long count(PostgresServer server, long id) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
             ResultSet rs = c.createStatement().executeQuery("select count(*) from items where id = " + id)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(PostgresServer server) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
             ResultSet rs = c.createStatement().executeQuery("select count(*) from items")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
