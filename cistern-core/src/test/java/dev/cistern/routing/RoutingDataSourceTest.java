package dev.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.PoolConfig;
import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routing rules over stub databases (each server counts the statements it ran), with replication facts
 * set by the test through {@link FakeProbe}. The real replicated servers are in the integration tests.
 */
class RoutingDataSourceTest {
    private final StubDatabase primary = StubDatabase.create();
    private final StubDatabase replica1 = StubDatabase.create();
    private final StubDatabase replica2 = StubDatabase.create();
    private final FakeProbe probe = new FakeProbe();
    private RoutingDataSource ds;

    @AfterEach
    void close() {
        if (ds != null) {
            ds.close();
        }
    }

    private static PoolConfig.Builder pool(StubDatabase db) {
        return PoolConfig.builder().jdbcUrl(db.url()).maximumPoolSize(4).minimumIdle(0)
                .connectionTimeout(Duration.ofSeconds(2)).retryBackoff(Duration.ofMillis(1))
                .retryBackoffMax(Duration.ofMillis(5)).circuitBreakerFailureThreshold(1);
    }

    private RoutingDataSource.Builder routing() {
        return RoutingDataSource.builder().primary(pool(primary).poolName("main").build())
                .replica(pool(replica1).poolName("r1").build()).replica(pool(replica2).poolName("r2").build())
                .replicaLagCheckInterval(Duration.ofHours(1)).probe(probe);
    }

    private static void run(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("select 1");
        }
    }

    private static void read(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            run(c);
        }
    }

    private static void write(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            run(c);
        }
    }

    @Test
    void readOnlyWorkGoesToTheReplicasInTurnAndTheRestToThePrimary() throws Exception {
        ds = routing().build();
        for (int i = 0; i < 10; i++) {
            read(ds);
        }
        for (int i = 0; i < 3; i++) {
            write(ds);
        }
        assertThat(replica1.statementsExecuted()).isEqualTo(5);
        assertThat(replica2.statementsExecuted()).isEqualTo(5);
        assertThat(primary.statementsExecuted()).isEqualTo(3);
        RoutingStats stats = ds.stats();
        assertThat(stats.replicas()).extracting(ReplicaStats::reads).containsExactly(5L, 5L);
        assertThat(stats.fallbackReads()).isZero();
        assertThat(stats.primary().active() + stats.replicas().get(0).pool().active()).as("all returned").isZero();
    }

    @Test
    void weightsAndStrategies() throws Exception {
        ds = RoutingDataSource.builder().primary(pool(primary).build()).replica(pool(replica1).build(), 3)
                .replica(pool(replica2).build(), 1).replicaLagCheckInterval(Duration.ofHours(1)).probe(probe).build();
        for (int i = 0; i < 40; i++) {
            read(ds.forReads());
        }
        assertThat(replica1.statementsExecuted()).isEqualTo(30);
        assertThat(replica2.statementsExecuted()).isEqualTo(10);
        ds.close();

        // Each replica pool opens its connections first (two, or three if the probe's borrow raced the fill):
        // a connection being added counts as active until it is offered, and one added on demand during the
        // reads below could make the idle replica look busy.
        ds = RoutingDataSource.builder().primary(pool(primary).poolName("main").build())
                .replica(pool(replica1).poolName("r1").minimumIdle(2).build())
                .replica(pool(replica2).poolName("r2").minimumIdle(2).build())
                .replicaLagCheckInterval(Duration.ofHours(1)).probe(probe)
                .strategy(ReplicaStrategy.LEAST_LOADED).build();
        RoutingDataSource leastLoaded = ds;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (ReplicaStats replica : leastLoaded.stats().replicas()) {
                assertThat(replica.pool().idle() >= 2 && replica.pool().active() == 0)
                        .as("replica pool filled and idle: %s", replica.pool()).isTrue();
            }
        });
        ds.checkReplicationNow(); // so that the monitor holds no connection during the reads below
        try (Connection held = ds.forReads().getConnection()) {
            long before1 = replica1.statementsExecuted();
            long before2 = replica2.statementsExecuted();
            run(held);
            StubDatabase busier = replica1.statementsExecuted() > before1 ? replica1 : replica2;
            StubDatabase other = busier == replica1 ? replica2 : replica1;
            long otherBefore = other == replica1 ? before1 : before2;
            read(ds);
            read(ds);
            assertThat(other.statementsExecuted()).as("the less loaded replica").isEqualTo(otherBefore + 2);
        }
        ds.close();

        ds = routing().strategy(ReplicaStrategy.RANDOM).build();
        for (int i = 0; i < 200; i++) {
            read(ds);
        }
        assertThat(replica1.statementsExecuted()).as("both get a share").isGreaterThan(40);
        assertThat(replica2.statementsExecuted()).isGreaterThan(40);
    }

    @Test
    void nothingIsBorrowedBeforeTheFirstStatement() throws Exception {
        ds = routing().build();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            assertThat(c.getAutoCommit()).isFalse();
            assertThat(c.toString()).contains("not bound yet");
        }
        assertThat(primary.connectAttempts() + replica1.connectAttempts() + replica2.connectAttempts())
                .as("only the monitor's first check connected").isLessThanOrEqualTo(3);
        assertThat(ds.stats().replicas()).extracting(ReplicaStats::reads).containsExactly(0L, 0L);
    }

    @Test
    void aConnectionIsNeverMovedInsideATransaction() throws Exception {
        ds = routing().build();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            run(c); // a write transaction: on the primary
            c.setReadOnly(true);
            run(c);
            assertThat(primary.statementsExecuted()).as("still on the primary until it ends").isEqualTo(2);
            c.commit();
            run(c);
            assertThat(replica1.statementsExecuted() + replica2.statementsExecuted()).as("moved after commit").isEqualTo(1);
            assertThatThrownBy(() -> c.setReadOnly(false)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("inside a read-only transaction on replica");
            c.rollback();
            c.setReadOnly(false);
            run(c);
            assertThat(primary.statementsExecuted()).isEqualTo(3);
        }
    }

    /** What Spring's DataSourceTransactionManager does for @Transactional(readOnly = true). */
    @Test
    void aSpringStyleReadOnlyTransactionRunsOnAReplica() throws Exception {
        ds = routing().build();
        Connection c = ds.getConnection();
        c.setReadOnly(true);
        if (c.getAutoCommit()) {
            c.setAutoCommit(false);
        }
        run(c);
        run(c);
        c.commit();
        c.setAutoCommit(true);
        c.setReadOnly(false);
        c.close();
        assertThat(replica1.statementsExecuted() + replica2.statementsExecuted()).isEqualTo(2);
        assertThat(primary.statementsExecuted()).isZero();
        assertThat(replica1.commits() + replica2.commits()).isEqualTo(1);
    }

    @Test
    void whenNoReplicaCanServeReadsFallBackWithinTheirShareOfThePrimary() throws Exception {
        ds = routing().maxPrimaryReadShare(0.5).build();
        replica1.failAllConnects(true);
        replica2.failAllConnects(true);
        ds.checkReplicationNow(); // the first check may have left a connection idle in a replica's pool
        ds.replicas().values().forEach(dev.cistern.CisternDataSource::softEvictConnections);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Connection c = ds.forReads().getConnection();
                run(c);
                held.add(c);
            }
            assertThat(primary.statementsExecuted()).isEqualTo(2);
            assertThatThrownBy(() -> read(ds)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("fallback reads already hold 2 of the primary's 4 connections")
                    .hasMessageContaining("routing.maxPrimaryReadShare=0.5");
            write(ds);
            assertThat(primary.statementsExecuted()).as("writes are not limited by the read share").isEqualTo(3);
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        read(ds);
        RoutingStats stats = ds.stats();
        assertThat(stats.fallbackReads()).isEqualTo(3);
        assertThat(stats.fallbackReadsNow()).isZero();
        assertThat(stats.refusedReads()).isEqualTo(1);
        assertThat(stats.replicas().get(0).skips().get(SkipReason.CIRCUIT_OPEN)
                + stats.replicas().get(0).skips().get(SkipReason.BUSY)).isPositive();
        ds.close();

        ds = routing().replicaFallback(ReplicaFallback.FAIL).build();
        ds.checkReplicationNow();
        ds.replicas().values().forEach(dev.cistern.CisternDataSource::softEvictConnections);
        assertThatThrownBy(() -> read(ds)).isInstanceOf(SQLException.class)
                .hasMessageContaining("no replica can serve this read").hasMessageContaining("r1:")
                .hasMessageContaining("routing.replicaFallback is FAIL");
    }

    /** Invariant 11 under contention: 16 readers, replicas down, and fallbacks never above their share. */
    @Test
    void fallbackReadsNeverHoldMoreThanTheirShareUnderContention() throws Exception {
        ds = routing().maxPrimaryReadShare(0.5).build();
        replica1.failAllConnects(true);
        replica2.failAllConnects(true);
        ds.checkReplicationNow();
        ds.replicas().values().forEach(dev.cistern.CisternDataSource::softEvictConnections);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger worst = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            work.add(readers.submit(() -> {
                while (running.get()) {
                    try (Connection c = ds.forReads().getConnection()) {
                        run(c);
                        worst.accumulateAndGet(ds.stats().primary().active(), Math::max);
                        served.incrementAndGet();
                    } catch (SQLException refused) {
                        // over the share: refused, as it should be
                    }
                }
                return null;
            }));
        }
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < until) {
            worst.accumulateAndGet(ds.primary().stats().active(), Math::max);
        }
        running.set(false);
        for (var f : work) {
            f.get();
        }
        readers.shutdownNow();
        assertThat(served.get()).isPositive();
        assertThat(ds.stats().refusedReads()).isPositive();
        assertThat(worst.get()).as("primary connections held by fallback reads at once").isLessThanOrEqualTo(2);
        assertThat(ds.stats().fallbackReadsNow()).isZero();
    }

    @Test
    void aBusyReplicaIsPassedOverWithinTheShortAcquireTimeout() throws Exception {
        ds = RoutingDataSource.builder().primary(pool(primary).build()).replica(pool(replica1).maximumPoolSize(1).build())
                .replica(pool(replica2).build()).replicaLagCheckInterval(Duration.ofHours(1)).probe(probe)
                .replicaAcquireTimeout(Duration.ofMillis(100)).build();
        try (Connection held = ds.forReads().getConnection()) {
            run(held);
            assertThat(replica1.statementsExecuted()).isEqualTo(1);
            long start = System.nanoTime();
            read(ds); // round robin says r2 now; then r1 again, busy
            read(ds);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(replica2.statementsExecuted()).isEqualTo(2);
        assertThat(ds.stats().replicas().get(0).skips().get(SkipReason.BUSY)).isEqualTo(1);
    }

    @Test
    void aLaggingOrPromotedReplicaIsPassedOverUntilItIsBack() throws Exception {
        ds = routing().maxReplicaLag(Duration.ofSeconds(5)).build();
        probe.set(replica1.url(), ServerRole.REPLICA, Duration.ofSeconds(30));
        ds.checkReplicationNow();
        for (int i = 0; i < 4; i++) {
            read(ds);
        }
        assertThat(replica1.statementsExecuted()).isZero();
        assertThat(replica2.statementsExecuted()).isEqualTo(4);
        ReplicaStats r1 = ds.stats().replicas().get(0);
        assertThat(r1.passedOver()).isEqualTo(SkipReason.LAGGING);
        assertThat(r1.lag()).isEqualTo(Duration.ofSeconds(30));

        probe.set(replica1.url(), ServerRole.PRIMARY, Duration.ZERO);
        ds.checkReplicationNow();
        read(ds);
        read(ds);
        assertThat(replica1.statementsExecuted()).as("promoted: not a replica any more").isZero();
        assertThat(ds.stats().replicas().get(0).passedOver()).isEqualTo(SkipReason.PROMOTED);

        probe.set(replica1.url(), ServerRole.REPLICA, Duration.ZERO);
        ds.checkReplicationNow();
        read(ds);
        read(ds);
        assertThat(replica1.statementsExecuted()).as("caught up: used again").isEqualTo(1);
    }

    @Test
    void writesAreRefusedWhileThePrimaryIsReadOnlyAndReadsKeepFlowing() throws Exception {
        ds = routing().build();
        probe.set(primary.url(), ServerRole.REPLICA, Duration.ZERO);
        ds.checkReplicationNow();
        assertThatThrownBy(() -> write(ds)).isInstanceOf(SQLException.class)
                .hasMessageContaining("write refused: the primary (main, " + primary.url() + ") was read-only")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
        read(ds);
        assertThat(primary.statementsExecuted()).isZero();
        assertThat(ds.stats().primaryRole()).isEqualTo(ServerRole.REPLICA);
        probe.set(primary.url(), ServerRole.PRIMARY, Duration.ZERO);
        ds.checkReplicationNow();
        write(ds);
        assertThat(primary.statementsExecuted()).isEqualTo(1);
    }

    /**
     * Issue 25, part 2: the primary is read-only and exactly one replica takes writes (it was promoted): writes go
     * to it, reads to the other replica, and the old primary, a standby now, serves reads too; when it takes writes
     * again and the promoted one is fenced, writes come back.
     */
    @Test
    void writesFollowTheOneReplicaThatTakesWritesWhenThePrimaryIsReadOnly() throws Exception {
        ds = routing().build();
        probe.set(primary.url(), ServerRole.REPLICA, Duration.ZERO);
        probe.set(replica1.url(), ServerRole.PRIMARY, Duration.ZERO);
        ds.checkReplicationNow();
        write(ds);
        write(ds.forWrites());
        assertThat(replica1.statementsExecuted()).as("writes on the promoted replica").isEqualTo(2);
        assertThat(primary.statementsExecuted()).isZero();
        assertThat(ds.stats().writesTo()).isEqualTo("r1");
        for (int i = 0; i < 4; i++) {
            read(ds);
        }
        assertThat(replica1.statementsExecuted()).as("no reads on the one taking writes").isEqualTo(2);
        assertThat(replica2.statementsExecuted() + primary.statementsExecuted()).isEqualTo(4);

        replica2.failAllConnects(true).breakAllOpenConnections(); // the other replica goes: the old primary serves reads
        ds.checkReplicationNow();
        read(ds);
        read(ds);
        assertThat(primary.statementsExecuted()).as("reads on the old primary, now a standby").isGreaterThanOrEqualTo(2);
        assertThat(ds.stats().fallbackReads()).isZero();

        probe.set(replica1.url(), ServerRole.REPLICA, Duration.ZERO);
        probe.set(primary.url(), ServerRole.PRIMARY, Duration.ZERO);
        ds.checkReplicationNow();
        long before = primary.statementsExecuted();
        write(ds);
        assertThat(primary.statementsExecuted()).isEqualTo(before + 1);
        assertThat(ds.stats().writesTo()).isEqualTo("main");
    }

    /** Two servers that take writes: a split brain. Every write is refused naming both; reads keep flowing. */
    @Test
    void writesAreRefusedWhileTwoServersTakeWrites() throws Exception {
        ds = routing().build();
        probe.set(replica2.url(), ServerRole.PRIMARY, Duration.ZERO);
        ds.checkReplicationNow();
        assertThatThrownBy(() -> write(ds)).isInstanceOf(SQLException.class)
                .hasMessageContaining("main and r2 all take writes (a split brain)")
                .hasMessageContaining("writes go to neither");
        assertThatThrownBy(() -> write(ds.forWrites())).hasMessageContaining("split brain");
        read(ds);
        assertThat(primary.statementsExecuted() + replica2.statementsExecuted()).isZero();
        assertThat(replica1.statementsExecuted()).isEqualTo(1);
        assertThat(ds.stats().writesTo()).isNull();

        probe.set(primary.url(), ServerRole.REPLICA, Duration.ZERO); // the old primary is fenced
        ds.checkReplicationNow();
        write(ds);
        assertThat(replica2.statementsExecuted()).isEqualTo(1);
    }

    /** With routing.followPrimary=false, writes go only to the configured primary, as before. */
    @Test
    void withoutFollowingWritesStayOnTheConfiguredPrimary() throws Exception {
        ds = routing().followPrimary(false).build();
        probe.set(primary.url(), ServerRole.REPLICA, Duration.ZERO);
        probe.set(replica1.url(), ServerRole.PRIMARY, Duration.ZERO);
        ds.checkReplicationNow();
        assertThatThrownBy(() -> write(ds)).hasMessageContaining("routing.followPrimary=false");
        assertThat(replica1.statementsExecuted()).isZero();
    }

    @Test
    void aReadWhoseReplicaDiesUnderItRunsAgainElsewhere() throws Exception {
        ds = routing().build();
        read(ds);
        read(ds); // one connection open on each replica
        replica1.failAllStatements("08006");
        for (int i = 0; i < 4; i++) {
            try (Connection c = ds.getConnection()) {
                c.setReadOnly(true);
                try (java.sql.PreparedStatement s = c.prepareStatement("select ?")) {
                    s.setInt(1, i);
                    s.setFetchSize(10);
                    assertThat(s.execute()).isTrue();
                }
            }
        }
        assertThat(replica2.statementsExecuted()).as("every read landed").isEqualTo(1 + 4);
        assertThat(ds.stats().replicas().get(0).passedOver()).isEqualTo(SkipReason.UNREACHABLE);
    }

    @Test
    void readYourWritesGoesToAReplicaThatHasTheWriteOrWaitsOrReadsThePrimary() throws Exception {
        ds = routing().consistency(Consistency.READ_YOUR_WRITES).causalReadTimeout(Duration.ofMillis(300)).build();
        write(ds);
        ConsistencyToken token = ds.lastWrite();
        assertThat(token).isNotNull();
        long written = probe.primaryPosition();
        probe.replayedUpTo(replica1.url(), written - 1);
        probe.replayedUpTo(replica2.url(), written);
        for (int i = 0; i < 4; i++) {
            read(ds);
        }
        assertThat(replica1.statementsExecuted()).as("behind the write").isZero();
        assertThat(replica2.statementsExecuted()).isEqualTo(4);

        write(ds);
        long start = System.nanoTime();
        read(ds); // no replica has it, none catches up: the primary
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(primary.statementsExecuted()).isEqualTo(3);

        // another thread, with the token: waits for a replica that catches up meanwhile
        ConsistencyToken latest = ds.lastWrite();
        Thread catchUp = new Thread(() -> {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            probe.replayedUpTo(replica1.url(), probe.primaryPosition());
        });
        catchUp.start();
        Thread reader = new Thread(() -> {
            try (Connection c = ds.readAfter(latest).getConnection()) {
                run(c);
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
        reader.start();
        reader.join();
        catchUp.join();
        assertThat(replica1.statementsExecuted()).as("waited for it").isEqualTo(1);
    }

    @Test
    void theRoutingMXBeanShowsEachReplicaAndGoesAwayOnClose() throws Exception {
        ds = RoutingDataSource.builder().name("jmx-routing").primary(pool(primary).registerMbeans(true).build())
                .replica(replica1.url()).replica(replica2.url()).replicaLagCheckInterval(Duration.ofHours(1))
                .probe(probe).build();
        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        var name = new javax.management.ObjectName("dev.cistern:type=Routing,name=\"jmx-routing\"");
        RoutingMXBean bean = javax.management.JMX.newMXBeanProxy(server, name, RoutingMXBean.class);
        read(ds);
        probe.set(replica2.url(), ServerRole.REPLICA, Duration.ofMinutes(1));
        bean.checkReplicationNow();
        assertThat(bean.getPrimaryRole()).isEqualTo("PRIMARY");
        String firstReplica = ds.replicas().keySet().iterator().next();
        assertThat(bean.getReplicaReads()).containsEntry(firstReplica, 1L);
        assertThat(bean.getReplicaStatus()).containsValues("serving", "LAGGING");
        assertThat(bean.getReplicaLagMillis()).containsValue(60_000L);
        assertThat(server.isRegistered(new javax.management.ObjectName("dev.cistern:type=Pool,name=" + firstReplica)))
                .as("each pool keeps its own MXBean").isTrue();
        ds.close();
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void fromPropertiesReplicasInheritThePrimarysSettings() throws Exception {
        Properties p = new Properties();
        p.setProperty("primary.jdbcUrl", primary.url());
        p.setProperty("primary.poolName", "orders");
        p.setProperty("primary.maximumPoolSize", "6");
        p.setProperty("primary.minimumIdle", "0");
        p.setProperty("replica.1.jdbcUrl", replica1.url());
        p.setProperty("replica.1.weight", "2");
        p.setProperty("replica.2.jdbcUrl", replica2.url());
        p.setProperty("replica.2.maximumPoolSize", "3");
        p.setProperty("routing.strategy", "least_loaded");
        p.setProperty("routing.maxReplicaLag", "2s");
        p.setProperty("routing.maxPrimaryReadShare", "25%");
        ds = RoutingDataSource.fromProperties(p);
        assertThat(ds.replicas()).containsOnlyKeys("orders-replica-1", "orders-replica-2");
        assertThat(ds.replicas().get("orders-replica-1").config().maximumPoolSize()).as("inherited").isEqualTo(6);
        assertThat(ds.replicas().get("orders-replica-2").config().maximumPoolSize()).isEqualTo(3);
        assertThat(ds.settings().strategy()).isEqualTo(ReplicaStrategy.LEAST_LOADED);
        assertThat(ds.settings().maxReplicaLag()).isEqualTo(Duration.ofSeconds(2));
        assertThat(ds.settings().maxPrimaryReadShare()).isEqualTo(0.25);
        read(ds);
        ds.close();

        p.setProperty("routing.strategy", "fastest");
        assertThatThrownBy(() -> RoutingDataSource.fromProperties(p))
                .hasMessage("routing.strategy must be one of ROUND_ROBIN, RANDOM, LEAST_LOADED; was 'fastest'");
        p.setProperty("routing.strategy", "random");
        p.setProperty("routing.maxPrimaryReadShare", "1.5");
        assertThatThrownBy(() -> RoutingDataSource.fromProperties(p))
                .hasMessage("routing.maxPrimaryReadShare must be between 0 and 1 (or 100%); was 1.5");
        p.setProperty("routing.maxPrimaryReadShare", "0.5");
        p.setProperty("replica.2.maximumPoolSize", "0");
        assertThatThrownBy(() -> RoutingDataSource.fromProperties(p))
                .hasMessageStartingWith("replica.2: maximumPoolSize must be between 1 and");
        p.setProperty("replica.2.maximumPoolSize", "3");
        p.setProperty("replicas.3.jdbcUrl", "jdbc:stub:x");
        assertThatThrownBy(() -> RoutingDataSource.fromProperties(p))
                .hasMessageStartingWith("unknown routing property 'replicas.3.jdbcUrl'");
        p.remove("replicas.3.jdbcUrl");
        p.setProperty("routing.lagLimit", "1s");
        assertThatThrownBy(() -> RoutingDataSource.fromProperties(p))
                .hasMessageStartingWith("unknown routing property 'routing.lagLimit'");
        p.remove("routing.lagLimit");
        p.setProperty("routing.max-replica-lagg", "1s");
        assertThatThrownBy(() -> RoutingDataSource.fromProperties(p))
                .hasMessage("unknown routing property 'routing.max-replica-lagg'; did you mean 'routing.maxReplicaLag'?");
        assertThat(primary.openConnectionCount() + replica1.openConnectionCount() + replica2.openConnectionCount())
                .as("nothing left open by the refused configurations").isZero();
    }
}
