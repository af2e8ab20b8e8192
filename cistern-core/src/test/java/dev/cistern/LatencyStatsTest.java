package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The figures operators watch: wait, use and creation times as percentiles (with {@code metrics.latency}),
 * the age of the oldest waiter, borrows per second and utilization. Lower bounds are exact (a hold of
 * 40 ms cannot be recorded as less); upper bounds are generous, as the machine may be slow.
 */
class LatencyStatsTest extends StubPoolTest {

    private CisternDataSource pool(boolean latency, int size) {
        return new CisternDataSource(StubPools.config(db).maximumPoolSize(size).metricsLatency(latency).build());
    }

    @Test
    void withRecordingOffTheLatenciesAreNoneAndLeftOutOfTheMap() throws Exception {
        ds = pool(false, 2);
        try (Connection c = ds.getConnection()) {
            c.isValid(1);
        }
        PoolStats stats = ds.stats();
        assertThat(stats.latencyRecorded()).isFalse();
        assertThat(stats.waitTime()).isEqualTo(Latency.NONE);
        assertThat(stats.useTime()).isEqualTo(Latency.NONE);
        assertThat(stats.recentUseTime()).isEqualTo(Latency.NONE);
        assertThat(stats.borrows()).isEqualTo(1);
        assertThat(stats.toMap()).containsEntry("latency_recorded", false).doesNotContainKey("wait_p99_ms");
    }

    @Test
    void useTimesAreRecordedForEveryBorrow() throws Exception {
        ds = pool(true, 2);
        for (int i = 0; i < 7; i++) {
            ds.getConnection().close();
        }
        for (int i = 0; i < 3; i++) {
            try (Connection c = ds.getConnection()) {
                Pause.millis(40);
            }
        }
        Latency use = ds.stats().useTime();
        assertThat(use.count()).isEqualTo(10);
        assertThat(use.p50()).as("7 of 10 borrows were returned at once").isLessThan(Duration.ofMillis(20));
        assertThat(use.p95()).isGreaterThanOrEqualTo(Duration.ofMillis(40));
        assertThat(use.max()).isGreaterThanOrEqualTo(Duration.ofMillis(40)).isLessThan(Duration.ofSeconds(10));
        assertThat(use.mean()).isGreaterThanOrEqualTo(Duration.ofMillis(12)); // 3 × 40 / 10
        assertThat(use.total()).isGreaterThanOrEqualTo(Duration.ofMillis(118)); // within the histogram's 1 %
    }

    @Test
    void aBorrowServedAtOnceWaitsZeroAndAQueuedOneItsTime() throws Exception {
        ds = pool(true, 1);
        ExecutorService waiter = Executors.newSingleThreadExecutor();
        try {
            Future<?> queued;
            try (Connection held = ds.getConnection()) {
                queued = waiter.submit(() -> {
                    ds.getConnection().close();
                    return null;
                });
                await().atMost(5, TimeUnit.SECONDS).until(() -> ds.stats().pending() == 1);
                Pause.millis(100);
            }
            queued.get(5, TimeUnit.SECONDS);
        } finally {
            waiter.shutdownNow();
        }
        Latency wait = ds.stats().waitTime();
        assertThat(wait.count()).isEqualTo(2);
        assertThat(wait.p50()).isEqualTo(Duration.ZERO);
        assertThat(wait.max()).isGreaterThanOrEqualTo(Duration.ofMillis(100)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void creationTimeIsHowLongTheDriverTookToConnect() throws Exception {
        db.connectDelay(Duration.ofMillis(60));
        ds = new CisternDataSource(StubPools.config(db).maximumPoolSize(3).minimumIdle(3).metricsLatency(true)
                .build());
        await().atMost(10, TimeUnit.SECONDS).until(() -> ds.stats().createTime().count() == 3);
        Latency create = ds.stats().createTime();
        assertThat(create.p50()).isGreaterThanOrEqualTo(Duration.ofMillis(60));
        assertThat(create.max()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theOldestWaitersAgeGrowsWhileItWaitsAndIsZeroOnceServed() throws Exception {
        ds = pool(false, 1); // needs no latency recording
        assertThat(ds.stats().oldestWaiterAge()).isZero();
        CompletableFuture<Void> waiter;
        try (Connection held = ds.getConnection()) {
            waiter = CompletableFuture.runAsync(() -> {
                try {
                    ds.getConnection().close();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            await().atMost(5, TimeUnit.SECONDS).until(() -> ds.stats().pending() == 1);
            Pause.millis(200);
            Duration age = ds.stats().oldestWaiterAge();
            assertThat(age).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(2));
            assertThat(ds.stats().toMap().get("oldest_waiter_age_ms")).isInstanceOf(Long.class);
        }
        waiter.get(5, TimeUnit.SECONDS);
        assertThat(ds.stats().oldestWaiterAge()).isZero();
    }

    @Test
    void borrowsPerSecondIsOverThePoolsLifeUntilAWindowHasPassed() throws Exception {
        long beforeStart = System.nanoTime();
        ds = pool(false, 2);
        long afterStart = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            ds.getConnection().close();
        }
        long beforeStats = System.nanoTime();
        PoolStats stats = ds.stats();
        long afterStats = System.nanoTime();
        assertThat(stats.borrows()).isEqualTo(100);
        assertThat(stats.borrowsPerSecond())
                .isBetween(100 / seconds(afterStats - beforeStart), 100 / seconds(beforeStats - afterStart));
        assertThat(stats.recentSpan()).isBetween(Duration.ofNanos(beforeStats - afterStart),
                Duration.ofNanos(afterStats - beforeStart));
    }

    @Test
    void utilizationIsTheShareOfTheMaximumInUse() throws Exception {
        ds = pool(false, 4);
        try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            assertThat(ds.stats().utilization()).isEqualTo(0.5);
        }
        assertThat(ds.stats().utilization()).isZero();
    }

    @Test
    void theMapHasEveryLatencyFigureInMilliseconds() throws Exception {
        ds = pool(true, 2);
        try (Connection c = ds.getConnection()) {
            Pause.millis(5);
        }
        Map<String, Object> map = ds.stats().toMap();
        for (String name : new String[] {"wait", "use", "create", "recent_wait", "recent_use", "recent_create"}) {
            for (String figure : new String[] {"_count", "_p50_ms", "_p95_ms", "_p99_ms", "_max_ms", "_mean_ms"}) {
                assertThat(map).containsKey(name + figure);
            }
        }
        assertThat((double) map.get("use_max_ms")).isGreaterThanOrEqualTo(5.0);
        assertThat(map.get("recent_use_count")).isEqualTo(1L);
        assertThat(map).containsEntry("latency_recorded", true);
    }

    /**
     * Invariant of LatencyRecording: every borrow's wait and every return's use time is counted once, while
     * connections are evicted and retired under the borrowers and a reader adds up all the while; and the
     * totals a reader sees never go down.
     */
    @Test
    void underChurnEveryBorrowAndReturnIsCountedOnceAndTotalsNeverGoDown() throws Exception {
        ds = new CisternDataSource(StubPools.config(db).maximumPoolSize(4).minimumIdle(0).metricsLatency(true)
                .connectionTimeout(Duration.ofSeconds(10)).build());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong returns = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            Future<?>[] workers = new Future<?>[4];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = threads.submit(() -> {
                    while (!stop.get()) {
                        try (Connection c = ds.getConnection()) {
                            c.isValid(1);
                        }
                        returns.incrementAndGet();
                    }
                    return null;
                });
            }
            Future<?> churn = threads.submit(() -> {
                while (!stop.get()) {
                    ds.softEvictConnections();
                    ds.shrink(0);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
                return null;
            });
            Future<?> reader = threads.submit(() -> {
                long lastWaits = 0;
                long lastUses = 0;
                while (!stop.get()) {
                    PoolStats stats = ds.stats();
                    assertThat(stats.waitTime().count()).isGreaterThanOrEqualTo(lastWaits);
                    assertThat(stats.useTime().count()).isGreaterThanOrEqualTo(lastUses);
                    assertThat(stats.recentUseTime().count()).isLessThanOrEqualTo(stats.useTime().count());
                    lastWaits = stats.waitTime().count();
                    lastUses = stats.useTime().count();
                }
                return null;
            });
            Pause.millis(1500);
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(20, TimeUnit.SECONDS);
            }
            churn.get(20, TimeUnit.SECONDS);
            reader.get(20, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        PoolStats stats = ds.stats();
        assertThat(stats.destroyed()).as("connections were retired during the run").isPositive();
        assertThat(stats.useTime().count()).isEqualTo(returns.get());
        assertThat(stats.waitTime().count()).isEqualTo(returns.get()).isEqualTo(stats.borrows());
    }

    /** Recording allocates nothing per borrow: the same cycles allocate the same bytes with it on and off. */
    @Test
    void recordingAllocatesNothingPerBorrow() throws Exception {
        long off;
        long on;
        try (CisternDataSource plain = pool(false, 2); CisternDataSource recording = pool(true, 2)) {
            cycles(plain, 20_000); // warm both up first
            cycles(recording, 20_000);
            long before = allocatedBytes();
            cycles(plain, 50_000);
            off = allocatedBytes() - before;
            before = allocatedBytes();
            cycles(recording, 50_000);
            on = allocatedBytes() - before;
        }
        assertThat((on - off) / 50_000.0).as("extra bytes per borrow with recording on (off: %d bytes per borrow)",
                off / 50_000).isLessThan(4.0);
    }

    /** This thread's allocations so far, through JMX (the core's module does not read jdk.management). */
    private static long allocatedBytes() throws Exception {
        return (Long) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("java.lang:type=Threading"), "getThreadAllocatedBytes",
                new Object[] {Thread.currentThread().getId()}, new String[] {"long"});
    }

    private static void cycles(CisternDataSource pool, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            pool.getConnection().close();
        }
    }

    @Test
    void theWindowMustBeBetweenTenSecondsAndAnHour() {
        assertThatThrownBy(() -> StubPools.config(db).metricsWindow(Duration.ofSeconds(5)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metrics.window must be between 10s and 1h; was 5s");
        assertThatThrownBy(() -> StubPools.config(db).metricsWindow(Duration.ofHours(2)).build())
                .hasMessageContaining("metrics.window must be between 10s and 1h");
        Properties properties = new Properties();
        properties.setProperty("jdbcUrl", db.url());
        properties.setProperty("metrics.latency", "true");
        properties.setProperty("metrics.window", "30s");
        PoolConfig config = PoolConfig.fromProperties(properties);
        assertThat(config.metricsLatency()).isTrue();
        assertThat(config.metricsWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.toString()).contains("metrics.latency=true, metrics.window=30s");
        properties.setProperty("metrics.latency", "yes");
        assertThatThrownBy(() -> PoolConfig.fromProperties(properties)).hasMessageContaining("metrics.latency");
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
