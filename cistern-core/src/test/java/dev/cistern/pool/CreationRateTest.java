package dev.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link CreationRate}: start credits at once, then one moment per {@code 1/rate}, each given to one caller. */
class CreationRateTest {

    @Test
    void theStartCreditsAreImmediateAndLaterCreationsAreSpacedWithoutSavingUp() {
        CreationRate rate = new CreationRate(5, 3);
        long now = 1_000_000_000L;
        for (int i = 0; i < 3; i++) {
            assertThat(rate.reserve(now)).as("start credit " + i).isEqualTo(now);
        }
        long interval = TimeUnit.MILLISECONDS.toNanos(200);
        assertThat(rate.reserve(now)).isEqualTo(now);
        assertThat(rate.reserve(now)).isEqualTo(now + interval);
        assertThat(rate.reserve(now)).isEqualTo(now + 2 * interval);
        long muchLater = now + TimeUnit.SECONDS.toNanos(60);
        assertThat(rate.reserve(muchLater)).as("a quiet minute saves up nothing").isEqualTo(muchLater);
        assertThat(rate.reserve(muchLater)).isEqualTo(muchLater + interval);
    }

    @Test
    void noLimitMeansEveryCreationAtOnce() {
        CreationRate rate = new CreationRate(0, 0);
        for (int i = 0; i < 100; i++) {
            assertThat(rate.reserve(42)).isEqualTo(42);
        }
    }

    /** The invariant: however many creators reserve at once, no two moments are closer than the interval. */
    @Test
    void concurrentReservationsNeverShareOrCrowdAMoment() throws Exception {
        for (int round = 0; round < 20; round++) {
            CreationRate rate = new CreationRate(10, 0);
            int threads = 8;
            int each = 50;
            long now = System.nanoTime();
            List<Long> moments = Collections.synchronizedList(new ArrayList<>());
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    for (int i = 0; i < each; i++) {
                        moments.add(rate.reserve(now));
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join(10_000);
            }
            List<Long> sorted = new ArrayList<>(moments);
            Collections.sort(sorted);
            assertThat(sorted).hasSize(threads * each);
            for (int i = 1; i < sorted.size(); i++) {
                assertThat(sorted.get(i) - sorted.get(i - 1)).as("gap " + i + " in round " + round)
                        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }
}
