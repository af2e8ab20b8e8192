package dev.cistern;

import static dev.cistern.StubPools.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Autoscaling in a running pool: a load that rises and falls moves the effective maximum within bounds. */
class AutoscaleTest extends StubPoolTest {
    private final List<String> violations = new CopyOnWriteArrayList<>();

    @Test
    void effectiveSizeFollowsTheLoadAndStaysInBounds() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(8).minimumIdle(1)
                .connectionTimeout(Duration.ofSeconds(10))
                .autoscaleEnabled(true).autoscaleStep(0.25).autoscaleInterval(Duration.ofMillis(100))
                .autoscaleWindow(Duration.ofMillis(200)).autoscaleCooldown(Duration.ofMillis(300)).build());
        Thread monitor = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted() && !ds.isClosed()) {
                PoolStats s = ds.stats();
                if (s.effectiveMaximumPoolSize() < 1 || s.effectiveMaximumPoolSize() > 8 || s.total() > 8) {
                    violations.add("out of bounds: " + s);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        });
        monitor.start();

        // Quiet: the effective maximum comes down from 8 to the floor (max(1, minimumIdle) = 1).
        await().atMost(Duration.ofSeconds(10)).until(() -> ds.stats().effectiveMaximumPoolSize() == 1);
        long downsBefore = ds.stats().scaleDowns();
        assertThat(downsBefore).isPositive();

        // Six borrowers holding connections: it grows until they stop queueing. The load lasts until the
        // growth is seen, so a slow machine cannot end it before the autoscaler has had its turns.
        ExecutorService load = Executors.newFixedThreadPool(6);
        AtomicBoolean loadOn = new AtomicBoolean(true);
        for (int i = 0; i < 6; i++) {
            load.execute(() -> {
                while (loadOn.get()) {
                    try (Connection c = ds.getConnection()) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    } catch (SQLException e) {
                        violations.add("borrow failed: " + e);
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ds.stats().effectiveMaximumPoolSize() >= 6);
        assertThat(ds.stats().scaleUps()).isPositive();
        assertThat(ds.scaleDecisions()).as("the decisions are kept, with their reasons").isNotEmpty()
                .anySatisfy(d -> assertThat(d.to()).isGreaterThan(d.from()))
                .allSatisfy(d -> assertThat(d.reason()).isNotBlank());
        loadOn.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

        // Load gone: it comes down again.
        await().atMost(Duration.ofSeconds(10)).until(() -> ds.stats().effectiveMaximumPoolSize() <= 2);
        assertThat(ds.stats().scaleDowns()).isGreaterThan(downsBefore);
        assertThat(ds.scaleDecisions()).hasSizeLessThanOrEqualTo(20).last()
                .satisfies(d -> assertThat(d.to()).isLessThan(d.from()));
        monitor.interrupt();
        monitor.join();
        assertThat(violations).isEmpty();
        PoolStats stats = ds.stats();
        assertThat(stats.created() - stats.destroyed()).isEqualTo(stats.total());
    }

    @Test
    void offByDefaultTheEffectiveMaximumIsTheMaximum() {
        ds = new CisternDataSource(config(db).maximumPoolSize(7).build());
        assertThat(ds.stats().effectiveMaximumPoolSize()).isEqualTo(7);
    }
}
