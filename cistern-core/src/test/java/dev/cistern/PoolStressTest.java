package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.testkit.stub.StubConnection;
import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The pool's invariants under many threads and random faults: no connection is ever held by two
 * borrowers at once, {@code active} never exceeds {@code maximumPoolSize}, every borrow either succeeds or
 * times out cleanly, and after close every physical connection the driver opened is closed.
 */
class PoolStressTest {
    private static final int MAX_POOL_SIZE = 4;
    private static final int PLATFORM_THREADS = 32;
    private static final int VIRTUAL_THREADS = 1000;
    private static final Duration RUN_TIME = Duration.ofSeconds(3);

    private final StubDatabase db = StubDatabase.create();
    private final Map<Long, Thread> holders = new ConcurrentHashMap<>();
    private final AtomicInteger borrowedNow = new AtomicInteger();
    private final AtomicInteger mostBorrowedAtOnce = new AtomicInteger();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong cleanTimeouts = new AtomicLong();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    @Test
    void invariantsHoldUnderPlatformAndVirtualThreadsWithFaults() throws Exception {
        CisternDataSource ds = new CisternDataSource(stressConfig("stress")
                .minimumIdle(2)
                .idleTimeout(Duration.ofMillis(200))
                .build());
        runUnderFaults(ds, false);

        PoolStats stats = ds.stats();
        assertThat(stats.created() - stats.destroyed()).as("created - destroyed = total").isEqualTo(stats.total());
        // A thousand borrowers on four connections saturate the pool, where the peak is exact.
        assertThat(mostBorrowedAtOnce.get()).isEqualTo(MAX_POOL_SIZE);
        assertThat(stats.peakActive()).as("peak active").isEqualTo(MAX_POOL_SIZE);
        ds.close();

        assertThat(violations).isEmpty();
        assertThat(mostBorrowedAtOnce.get()).isLessThanOrEqualTo(MAX_POOL_SIZE);
        assertThat(successes.get()).as("borrows that succeeded").isGreaterThan(1000);
        assertThat(db.openConnectionCount()).as("physical connections still open after close").isZero();
        assertThat(db.connectionsClosed()).isEqualTo(db.connectionsOpened());
        assertThat(ds.stats().total()).isZero();
    }

    /**
     * The same load and faults with the resilience features on: the circuit breaker (a low threshold, so it
     * opens and closes during the run), leak reclaim (a threshold some holds exceed), and autoscaling (a
     * short interval, so the limit moves during the run). The invariants must hold just the same.
     */
    @Test
    void invariantsHoldWithCircuitBreakerLeakReclaimAndAutoscalingOn() throws Exception {
        CisternDataSource ds = new CisternDataSource(stressConfig("stress-resilient")
                .minimumIdle(1)
                .circuitBreakerFailureThreshold(2)
                .circuitBreakerOpenDuration(Duration.ofMillis(50))
                .leakDetectionThreshold(Duration.ofMillis(20))
                .leakReclaimThreshold(Duration.ofMillis(40))
                .autoscaleEnabled(true)
                .autoscaleInterval(Duration.ofMillis(50))
                .autoscaleWindow(Duration.ofMillis(100))
                .autoscaleCooldown(Duration.ofMillis(100))
                .build());
        runUnderFaults(ds, true);

        PoolStats stats = ds.stats();
        assertThat(stats.created() - stats.destroyed()).as("created - destroyed = total").isEqualTo(stats.total());
        assertThat(stats.leaksReclaimed()).as("holds past 40 ms were reclaimed").isPositive();
        ds.close();
        // (No bound on borrowers at once here: a holder whose connection was reclaimed still counts itself
        // as holding while the pool lends the replacement. The monitor checks the pool's own total.)
        assertThat(violations).isEmpty();
        assertThat(successes.get()).as("borrows that succeeded").isGreaterThan(500);
        assertThat(db.openConnectionCount()).as("physical connections still open after close").isZero();
        assertThat(db.connectionsClosed()).isEqualTo(db.connectionsOpened());
    }

    /**
     * The lock-free fast path on its own: few threads, no faults, connections held for a moment, so most
     * borrows race each other for IDLE entries by CAS, and the rest queue briefly for a hand-off. Catches
     * a claim that is not atomic (two holders) and a lost wake-up (a waiter left parked until timeout).
     */
    @Test
    void fastPathClaimsNeverOverlap() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(PoolConfig.builder()
                .jdbcUrl(db.url()).poolName("fastpath").maximumPoolSize(3)
                .connectionTimeout(Duration.ofSeconds(10)).build())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            ExecutorService threads = Executors.newFixedThreadPool(6);
            for (int i = 0; i < 6; i++) {
                threads.execute(() -> {
                    while (System.nanoTime() - deadline < 0) {
                        try (Connection connection = ds.getConnection()) {
                            long id = connection.unwrap(StubConnection.class).id();
                            Thread previous = holders.putIfAbsent(id, Thread.currentThread());
                            if (previous != null) {
                                violations.add("connection " + id + " lent twice at once");
                            }
                            Thread.onSpinWait();
                            holders.remove(id, Thread.currentThread());
                            successes.incrementAndGet();
                        } catch (SQLTransientConnectionException e) {
                            cleanTimeouts.incrementAndGet();
                        } catch (SQLException | RuntimeException e) {
                            violations.add("unexpected: " + e);
                        }
                    }
                });
            }
            threads.shutdown();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ds.stats().peakActive()).as("peak of six borrowers on three connections").isEqualTo(3);
        }
        assertThat(violations).isEmpty();
        // Holds last nanoseconds and nothing fails, so a 10 s timeout can only mean a lost wake-up.
        assertThat(cleanTimeouts.get()).as("borrows that timed out").isZero();
        assertThat(successes.get()).isGreaterThan(10_000);
        assertThat(db.openConnectionCount()).isZero();
    }

    /** With {@code slowHolds}, some borrowers hold for up to 60 ms, past the resilient pool's reclaim threshold. */
    private void borrowLoop(CisternDataSource ds, long deadline, boolean slowHolds) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() - deadline < 0) {
            Connection connection;
            try {
                connection = ds.getConnection();
            } catch (SQLTransientConnectionException e) {
                cleanTimeouts.incrementAndGet(); // timeouts, and fail-fast refusals while the circuit is open
                continue;
            } catch (SQLException | RuntimeException e) {
                violations.add("borrow failed with something other than a clean timeout: " + e);
                continue;
            }
            try {
                StubConnection physical = connection.unwrap(StubConnection.class);
                Thread previous = holders.putIfAbsent(physical.id(), Thread.currentThread());
                if (previous != null) {
                    violations.add("connection " + physical.id() + " lent to " + Thread.currentThread() + " while held by " + previous);
                }
                int now = borrowedNow.incrementAndGet();
                mostBorrowedAtOnce.accumulateAndGet(now, Math::max);
                try {
                    work(connection, random);
                    if (slowHolds && random.nextInt(20) == 0) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(10, 60)));
                    }
                } finally {
                    borrowedNow.decrementAndGet();
                    holders.remove(physical.id(), Thread.currentThread());
                }
                successes.incrementAndGet();
            } catch (SQLException e) {
                // injected statement faults land here; the pool must cope with them on close
            } finally {
                try {
                    connection.close();
                } catch (SQLException e) {
                    violations.add("close failed: " + e);
                }
            }
        }
    }

    private static void work(Connection connection, ThreadLocalRandom random) throws SQLException {
        switch (random.nextInt(4)) {
            case 0:
                try (Statement s = connection.createStatement()) {
                    s.executeQuery("select 1").next();
                }
                break;
            case 1:
                connection.setAutoCommit(false);
                try (Statement s = connection.createStatement()) {
                    s.executeUpdate("update t set x = 1");
                }
                break; // returned with an open transaction on purpose
            case 2:
                connection.setReadOnly(true);
                connection.prepareStatement("select 1").executeQuery(); // left open on purpose
                break;
            default:
                LockSupport.parkNanos(random.nextLong(50_000));
        }
    }

    /**
     * Runs the borrowers (platform threads, and virtual ones where the JDK has them), the fault injector
     * and the stats monitor for {@link #RUN_TIME}, then heals the database.
     */
    private void runUnderFaults(CisternDataSource ds, boolean slowHolds) throws Exception {
        long deadline = System.nanoTime() + RUN_TIME.toNanos();
        Thread chaos = new Thread(() -> injectFaults(deadline), "chaos");
        Thread monitor = new Thread(() -> watchStats(ds, deadline), "monitor");
        chaos.start();
        monitor.start();
        ExecutorService platform = Executors.newFixedThreadPool(PLATFORM_THREADS);
        for (int i = 0; i < PLATFORM_THREADS; i++) {
            platform.execute(() -> borrowLoop(ds, deadline, slowHolds));
        }
        ExecutorService virtual = VirtualThreadsForTests.executorOrNull();
        if (virtual != null) {
            for (int i = 0; i < VIRTUAL_THREADS; i++) {
                virtual.execute(() -> borrowLoop(ds, deadline, slowHolds));
            }
            virtual.shutdown();
            assertThat(virtual.awaitTermination(60, TimeUnit.SECONDS)).as("virtual borrowers finished").isTrue();
        }
        platform.shutdown();
        assertThat(platform.awaitTermination(60, TimeUnit.SECONDS)).as("platform borrowers finished").isTrue();
        chaos.join();
        monitor.join();
        db.failAllConnects(false);
    }

    /** Short lifetimes, checks and backoffs, so that retirement, keepalive and retries all happen in 3 s. */
    private PoolConfig.Builder stressConfig(String poolName) {
        return PoolConfig.builder()
                .jdbcUrl(db.url())
                .poolName(poolName)
                .maximumPoolSize(MAX_POOL_SIZE)
                .connectionTimeout(Duration.ofSeconds(2))
                .aliveBypassWindow(Duration.ofMillis(5))
                .maxLifetime(Duration.ofMillis(300))
                .keepaliveTime(Duration.ofMillis(100))
                .housekeepingPeriod(Duration.ofMillis(25))
                .retryBackoff(Duration.ofMillis(1))
                .retryBackoffMax(Duration.ofMillis(10))
                .shutdownTimeout(Duration.ofSeconds(5));
    }

    private void injectFaults(long deadline) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() - deadline < 0) {
            switch (random.nextInt(5)) {
                case 0: db.failNextConnects(1 + random.nextInt(3)); break;
                case 1: db.breakAllOpenConnections(); break;
                case 2: db.failNextStatements(1 + random.nextInt(3), random.nextBoolean() ? "08006" : "42000"); break;
                case 3: db.failValidation(random.nextBoolean()); break;
                default: db.failValidation(false);
            }
            LockSupport.parkNanos(Duration.ofMillis(20 + random.nextInt(40)).toNanos());
        }
        db.failValidation(false);
    }

    private void watchStats(CisternDataSource ds, long deadline) {
        while (System.nanoTime() - deadline < 0) {
            PoolStats stats = ds.stats();
            if (stats.active() > MAX_POOL_SIZE || stats.total() > MAX_POOL_SIZE) {
                violations.add("pool over its maximum: " + stats);
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }
}
