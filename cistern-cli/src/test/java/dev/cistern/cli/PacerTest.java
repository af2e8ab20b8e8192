package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The pacer's invariants with many clients taking slots at once. */
class PacerTest {

    @Test
    void manyClientsTogetherStartNoMoreThanTheRateAllows() throws Exception {
        double rate = 2_000;
        long start = System.nanoTime();
        Pacer pacer = new Pacer(rate, start);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Long> started = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 32; c++) {
            Thread client = new Thread(() -> {
                while (pacer.await(stop::get)) {
                    started.add(System.nanoTime());
                }
            });
            client.start();
            clients.add(client);
        }
        Thread.sleep(1_000);
        long checkedAt = System.nanoTime();
        long startedBy = started.stream().filter(t -> t <= checkedAt).count();
        stop.set(true);
        for (Thread client : clients) {
            client.join();
        }
        double allowed = rate * (checkedAt - start) / 1e9 + 1;
        assertThat((double) startedBy).as("started by the check").isLessThanOrEqualTo(allowed);
        assertThat((double) startedBy).as("and the clients kept up (a loose bound: timing is noisy)")
                .isGreaterThan(allowed / 4);
    }

    @Test
    void afterAStallAtMostOneSecondsWorthIsMadeUp() {
        double rate = 1_000;
        long start = System.nanoTime() - 5_000_000_000L; // the run began five seconds ago and took no slot since
        Pacer pacer = new Pacer(rate, start);
        long now = System.nanoTime();
        int dueAtOnce = 0;
        while (pacer.await(() -> false) && dueAtOnce < 10_000) {
            dueAtOnce++;
            if (System.nanoTime() - now > 200_000_000L) {
                break; // slots are in the future now: the catching up is over
            }
        }
        // Without the slack rule 5,000 slots would be due at once; with it, one second's worth (1,000) plus
        // what came due while the loop ran (at most 200 ms, 200 slots).
        assertThat(dueAtOnce).isBetween(900, 1_300);
    }
}
