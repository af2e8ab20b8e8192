package dev.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.stats.Histograms;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** {@link StripedUseTimes}'s invariants under more writers than stripes, with a reader adding up throughout. */
class StripedUseTimesTest {

    @Test
    void noValueIsLostOrCountedTwiceAndReadingsNeverGoDown() throws Exception {
        StripedUseTimes useTimes = new StripedUseTimes(2); // 2 stripes for 8 writers: claims collide, some overflow
        int writers = 8;
        int each = 1_000_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int value = 100 + w % 2; // writers share two values: two writers in one stripe would lose increments
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    useTimes.record(value);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        long previous = 0;
        int readings = 0;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            Histogram reading = Histograms.newHistogram();
            useTimes.addTo(reading);
            assertThat(reading.getTotalCount()).as("readings never go down").isGreaterThanOrEqualTo(previous);
            assertThat(reading.getTotalCount()).as("never more than was recorded").isLessThanOrEqualTo((long) writers * each);
            previous = reading.getTotalCount();
            readings++;
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram total = Histograms.newHistogram();
        useTimes.addTo(total);
        assertThat(readings).isPositive();
        assertThat(total.getTotalCount()).isEqualTo((long) writers * each);
        assertThat(total.getCountAtValue(100)).isEqualTo((long) writers / 2 * each);
        assertThat(total.getCountAtValue(101)).isEqualTo((long) writers / 2 * each);
    }

    @Test
    void theStripeCountFollowsTheCores() {
        assertThat(StripedUseTimes.forProcessors(1).stripeCount()).isEqualTo(8);
        assertThat(StripedUseTimes.forProcessors(2).stripeCount()).isEqualTo(8);
        assertThat(StripedUseTimes.forProcessors(3).stripeCount()).isEqualTo(16);
        assertThat(StripedUseTimes.forProcessors(16).stripeCount()).isEqualTo(64);
        assertThat(StripedUseTimes.forProcessors(512).stripeCount()).isEqualTo(64);
    }
}
