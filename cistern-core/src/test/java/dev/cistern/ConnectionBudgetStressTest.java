package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionBudget}'s invariants under threads joining, resizing and leaving at once: shares within
 * [1, maximum], their sum within the budget, and the last share each pool was told equal to its share.
 */
class ConnectionBudgetStressTest {
    private static final int CONNECTIONS = 40;

    @Test
    void sharesStayWithinTheBudgetAndEveryPoolHearsItsLastShare() throws Exception {
        int threads = 8;
        Map<String, Integer> told = new ConcurrentHashMap<>();
        AtomicReference<String> violation = new AtomicReference<>();
        ExecutorService workers = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            running.add(workers.submit(() -> {
                go.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                // Each thread keeps at most 4 seats, so members (≤ 32) never outnumber the connections.
                List<ConnectionBudget.Seat> mine = new ArrayList<>();
                int serial = 0;
                while (System.nanoTime() < until) {
                    int op = random.nextInt(3);
                    if (op == 0 && mine.size() < 4) {
                        String pool = "t" + thread + "-" + serial++;
                        ConnectionBudget.Seat seat = ConnectionBudget.join("stress", CONNECTIONS, pool,
                                random.nextInt(1, 20));
                        seat.follow(share -> told.put(pool, share));
                        mine.add(seat);
                    } else if (op == 1 && !mine.isEmpty()) {
                        mine.get(random.nextInt(mine.size())).resize(random.nextInt(1, 20));
                    } else if (!mine.isEmpty()) {
                        mine.remove(random.nextInt(mine.size())).leave();
                    }
                }
                return mine;
            }));
        }
        running.add(workers.submit(() -> {
            go.await();
            while (System.nanoTime() < until) {
                ConnectionBudget.find("stress").ifPresent(budget -> {
                    List<ConnectionBudget.Share> shares = budget.shares();
                    int sum = shares.stream().mapToInt(ConnectionBudget.Share::share).sum();
                    if (sum > CONNECTIONS) {
                        violation.compareAndSet(null, "shares add up to " + sum + ": " + shares);
                    }
                    for (ConnectionBudget.Share s : shares) {
                        if (s.share() < 1 || s.share() > s.maximumPoolSize()) {
                            violation.compareAndSet(null, "share out of [1, maximum]: " + s);
                        }
                    }
                });
            }
            return List.of();
        }));
        go.countDown();
        List<ConnectionBudget.Seat> left = new ArrayList<>();
        for (Future<?> f : running) {
            @SuppressWarnings("unchecked")
            List<ConnectionBudget.Seat> seats = (List<ConnectionBudget.Seat>) f.get(60, TimeUnit.SECONDS);
            left.addAll(seats);
        }
        workers.shutdown();
        assertThat(violation.get()).isNull();
        ConnectionBudget budget = left.isEmpty() ? null : ConnectionBudget.find("stress").orElseThrow();
        if (budget != null) {
            for (ConnectionBudget.Share s : budget.shares()) {
                assertThat(told.get(s.pool())).as("last share told to %s", s.pool()).isEqualTo(s.share());
            }
        }
        left.forEach(ConnectionBudget.Seat::leave);
        assertThat(ConnectionBudget.find("stress")).isEmpty();
    }
}
