package dev.cistern;

import static dev.cistern.StubPools.config;
import static dev.cistern.StubPools.physical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.testkit.stub.StubConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Leak detection (report once, with the borrower's stack) and leak reclaim (take the connection back). */
class LeakTest extends StubPoolTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    private PoolListener recorder() {
        return new PoolListener() {
            @Override
            public void leakDetected(long connectionId, LeakReport report, boolean reclaimed) {
                events.add((reclaimed ? "reclaimed " : "leak ") + connectionId + " by " + report.threadName());
            }
        };
    }

    /** The threshold can change on a running pool (HikariCP's MXBean allows it); turning detection off cannot. */
    @Test
    void aLoweredThresholdAppliesToBorrowsAlreadyOut() throws Exception {
        ds = new CisternDataSource(config(db).leakDetectionThreshold(Duration.ofSeconds(60)).build());
        try (Connection held = ds.getConnection()) {
            Thread.sleep(300);
            assertThat(ds.stats().leaksDetected()).as("held well under 60 s").isZero();
            ds.setLeakDetectionThreshold(100);
            await().atMost(Duration.ofSeconds(10)).until(() -> ds.stats().leaksDetected() == 1);
            assertThatThrownBy(() -> ds.setLeakDetectionThreshold(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot be turned off");
        }
        assertThat(ds.config().leakDetectionThreshold()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aConnectionHeldTooLongIsReportedOnceWithTheBorrowersStack() throws Exception {
        ds = new CisternDataSource(config(db).leakDetectionThreshold(Duration.ofMillis(150)).listener(recorder()).build());
        assertThat(ds.leaks()).isEmpty();
        try (Connection held = ds.getConnection()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().leaksDetected() == 1);
            List<LeakReport> leaks = ds.leaks();
            assertThat(leaks).hasSize(1);
            LeakReport leak = leaks.get(0);
            assertThat(leak.threadName()).isEqualTo(Thread.currentThread().getName());
            assertThat(leak.heldFor()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(leak.borrowedAt()).anySatisfy(frame ->
                    assertThat(frame.getMethodName()).isEqualTo("aConnectionHeldTooLongIsReportedOnceWithTheBorrowersStack"));
            Thread.sleep(400); // several more leak checks run: still one report
            assertThat(ds.stats().leaksDetected()).isEqualTo(1);
            assertThat(held.isValid(1)).as("detection alone leaves the holder alone").isTrue();
        }
        assertThat(ds.leaks()).isEmpty();
        assertThat(events).containsExactly("leak 1 by " + Thread.currentThread().getName());
        try (Connection quick = ds.getConnection()) {
            assertThat(quick.isValid(1)).isTrue(); // a short borrow is no leak
        }
        assertThat(ds.stats().leaksDetected()).isEqualTo(1);
    }

    @Test
    void detectionOffReportsNothing() throws Exception {
        ds = new CisternDataSource(config(db).build());
        try (Connection held = ds.getConnection()) {
            Thread.sleep(100);
            assertThat(ds.leaks()).isEmpty();
        }
        assertThat(ds.stats().leaksDetected()).isZero();
    }

    @Test
    void aConnectionHeldPastReclaimIsTakenBackClosedAndReplaced() throws Exception {
        ds = new CisternDataSource(config(db).minimumIdle(1).maximumPoolSize(1)
                .leakDetectionThreshold(Duration.ofMillis(100)).leakReclaimThreshold(Duration.ofMillis(300))
                .listener(recorder()).build());
        Connection leaked = ds.getConnection();
        StubConnection physical = physical(leaked);
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().leaksReclaimed() == 1);
        assertThat(leaked.isClosed()).isTrue();
        assertThatThrownBy(leaked::createStatement).isInstanceOf(SQLException.class)
                .hasMessageContaining("connection reclaimed by pool after");
        await().atMost(Duration.ofSeconds(5)).until(physical::isClosed);
        leaked.close(); // the holder's late close is harmless: the connection is not returned twice

        // The pool (of one) has a fresh connection for the next borrower.
        try (Connection next = ds.getConnection()) {
            assertThat(physical(next)).isNotSameAs(physical);
        }
        PoolStats stats = ds.stats();
        assertThat(stats.leaksDetected()).isEqualTo(1);
        assertThat(stats.created() - stats.destroyed()).isEqualTo(stats.total());
        assertThat(stats.total()).isEqualTo(1);
        assertThat(events).containsExactly("leak 1 by " + Thread.currentThread().getName(),
                "reclaimed 1 by " + Thread.currentThread().getName());
    }

    /**
     * The reclaim invariant: the pool's take-back and the holder's own close() race for one CAS, so a
     * connection is never returned twice (which would lend it to two borrowers) and never lost. Holders
     * close right around the reclaim threshold, many at once.
     */
    @Test
    void reclaimRacingTheHoldersCloseNeverLendsAConnectionTwice() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(4).minimumIdle(0)
                .connectionTimeout(Duration.ofSeconds(5))
                .leakDetectionThreshold(Duration.ofMillis(10)).leakReclaimThreshold(Duration.ofMillis(20)).build());
        ExclusiveUse exclusive = new ExclusiveUse(db);
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicLong borrows = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8; i++) {
            threads.execute(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() - deadline < 0) {
                    try (Connection c = ds.getConnection()) {
                        long id = exclusive.borrowed(c);
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(5, 40)));
                        exclusive.returning(id);
                        borrows.incrementAndGet();
                    } catch (SQLTransientConnectionException e) {
                        violations.add("timed out: " + e.getMessage());
                    } catch (SQLException e) {
                        // a reclaimed connection refuses its holder: expected
                    }
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(violations).isEmpty();
        assertThat(exclusive.violations()).isEmpty();
        PoolStats stats = ds.stats();
        assertThat(stats.leaksReclaimed()).as("some holders were overtaken by reclaim").isPositive();
        assertThat(borrows.get()).isPositive();
        assertThat(stats.created() - stats.destroyed()).isEqualTo(stats.total());
        assertThat(stats.active()).isZero();
        ds.close();
        assertThat(db.connectionsClosed()).isEqualTo(db.connectionsOpened());
    }

    @Test
    void reclaimNeedsDetectionAndMayNotBeShorterThanIt() {
        assertThatThrownBy(() -> config(db).leakReclaimThreshold(Duration.ofSeconds(5)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leakReclaimThreshold needs leakDetectionThreshold");
        assertThatThrownBy(() -> config(db).leakDetectionThreshold(Duration.ofSeconds(10))
                .leakReclaimThreshold(Duration.ofSeconds(5)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leakReclaimThreshold must be at least leakDetectionThreshold (10s); was 5s");
    }

    /**
     * Borrows are stamped and checked on one clock. Before: the stamp came from the coarse clock (up to a
     * tick behind) and the check from the precise one, so with a 45 ms threshold about 7 % of 5 ms holds
     * were reclaimed.
     */
    @Test
    void aShortHoldIsNeverReclaimed() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(2)
                .leakDetectionThreshold(Duration.ofMillis(45)).leakReclaimThreshold(Duration.ofMillis(45)).build());
        for (int i = 0; i < 300; i++) {
            try (Connection c = ds.getConnection()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                c.createStatement().close();
            }
        }
        assertThat(ds.stats().leaksReclaimed()).as("5 ms holds reclaimed at 45 ms").isZero();
        assertThat(ds.stats().leaksDetected()).as("5 ms holds reported as leaks at 45 ms").isZero();
    }

    @Test
    void aReclaimBelowASecondIsReportedInMilliseconds() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(1)
                .leakDetectionThreshold(Duration.ofMillis(100)).leakReclaimThreshold(Duration.ofMillis(200)).build());
        Connection leaked = ds.getConnection();
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().leaksReclaimed() == 1);
        assertThatThrownBy(leaked::createStatement)
                .hasMessageMatching(".*connection reclaimed by pool after \\d+ ms \\(leakReclaimThreshold 200 ms\\).*");
    }
}
