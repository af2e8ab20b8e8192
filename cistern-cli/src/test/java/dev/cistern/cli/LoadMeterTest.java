package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The meter's invariants under clients recording while the sampler takes intervals. */
class LoadMeterTest {
    private static final int CLIENTS = 8;
    private static final int EACH = 200_000;

    @Test
    void everyTransactionAndFailureLandsInExactlyOneIntervalWithItsThreeFiguresTogether() throws Exception {
        LoadMeter meter = new LoadMeter();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Thread client = new Thread(() -> {
                await(start);
                for (int i = 0; i < EACH; i++) {
                    meter.served(1_000 + i % 7, 2_000 + i % 11);
                    if (i % 10 == 0) {
                        meter.failed(i % 20 == 0 ? FailureKind.CHECKOUT_TIMEOUT : "sql_error 40001", "message " + i);
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        AtomicBoolean done = new AtomicBoolean();
        long transactions = 0;
        long checkouts = 0;
        long timeouts = 0;
        long sqlErrors = 0;
        int intervals = 0;
        start.countDown();
        Thread watcher = new Thread(() -> {
            clients.forEach(LoadMeterTest::join);
            done.set(true);
        });
        watcher.start();
        while (true) {
            boolean last = done.get(); // read before the take: after it, nothing more is recorded
            LoadMeter.Interval interval = meter.take();
            intervals++;
            assertThat(interval.checkout().getTotalCount()).as("checkout and response of one interval")
                    .isEqualTo(interval.response().getTotalCount());
            assertThat(interval.query().getTotalCount()).isEqualTo(interval.response().getTotalCount());
            transactions += interval.transactions();
            checkouts += interval.checkout().getTotalCount();
            timeouts += interval.failures().getOrDefault(FailureKind.CHECKOUT_TIMEOUT, 0L);
            sqlErrors += interval.failures().getOrDefault("sql_error 40001", 0L);
            if (last) {
                break;
            }
        }
        assertThat(intervals).as("taken many times while recording").isGreaterThan(2);
        assertThat(transactions).isEqualTo((long) CLIENTS * EACH);
        assertThat(checkouts).isEqualTo((long) CLIENTS * EACH);
        assertThat(timeouts).isEqualTo((long) CLIENTS * EACH / 20);
        assertThat(sqlErrors).isEqualTo((long) CLIENTS * EACH / 20);
        assertThat(meter.firstMessages()).containsKeys(FailureKind.CHECKOUT_TIMEOUT, "sql_error 40001");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
