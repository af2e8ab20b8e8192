package dev.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The coarse clock's invariants while pools come and go on many threads. */
class CoarseClockTest {

    @Test
    void neverAheadOfNanoTimeNeverBackwardsAndKeepsTickingWhileRegistered() throws Exception {
        long resolution = TimeUnit.MILLISECONDS.toNanos(2);
        CoarseClock.register(resolution); // held for the whole test, so the clock must keep moving
        List<String> violations = new CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int threads = 6;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            boolean churn = t % 2 == 0;
            new Thread(() -> {
                try {
                    long previous = CoarseClock.now();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() - deadline < 0) {
                        if (churn) { // pools starting and closing with different resolutions
                            long own = TimeUnit.MILLISECONDS.toNanos(1 + random.nextInt(50));
                            CoarseClock.register(own);
                            CoarseClock.unregister(own);
                        }
                        long seen = CoarseClock.now();
                        long precise = System.nanoTime();
                        if (seen - precise > 0) {
                            violations.add("clock ahead of System.nanoTime by " + (seen - precise) + " ns");
                        }
                        if (seen - previous < 0) {
                            violations.add("clock went back by " + (previous - seen) + " ns");
                        }
                        previous = seen;
                    }
                } finally {
                    done.countDown();
                }
            }).start();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(violations).isEmpty();
        // Still registered: the clock must advance (a generous bound; machines here are noisy).
        long before = CoarseClock.now();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> CoarseClock.now() - before > resolution);
        CoarseClock.unregister(resolution);
    }

    @Test
    void theLastUserStopsTheTickerThread() {
        long resolution = TimeUnit.MILLISECONDS.toNanos(5);
        int before = CoarseClock.users();
        CoarseClock.register(resolution);
        assertThat(CoarseClock.tickerAlive()).isTrue();
        CoarseClock.unregister(resolution);
        assertThat(CoarseClock.users()).isEqualTo(before);
        if (before == 0) { // no pool left open by another test: the thread must go
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !CoarseClock.tickerAlive()
                    && Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("cistern-clock")));
        }
    }

    @Test
    void resolutionIsATenthOfTheAliveBypassWindowWithinBounds() {
        assertThat(CoarseClock.resolutionFor(TimeUnit.MILLISECONDS.toNanos(500))).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(CoarseClock.resolutionFor(TimeUnit.MILLISECONDS.toNanos(100))).isEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(CoarseClock.resolutionFor(0)).isEqualTo(CoarseClock.MIN_RESOLUTION_NANOS);
        assertThat(CoarseClock.resolutionFor(TimeUnit.SECONDS.toNanos(60))).isEqualTo(CoarseClock.MAX_RESOLUTION_NANOS);
    }
}
