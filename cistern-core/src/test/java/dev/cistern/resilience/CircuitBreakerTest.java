package dev.cistern.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.CircuitState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final long OPEN = TimeUnit.SECONDS.toNanos(10);
    private final List<String> changes = new ArrayList<>();
    private final SQLException down = new SQLException("refused", "08001");

    private CircuitBreaker breaker(int threshold) {
        return new CircuitBreaker(true, threshold, OPEN, (from, to, cause) -> {
            synchronized (changes) {
                changes.add(from + "->" + to);
            }
        });
    }

    @Test
    void opensAfterConsecutiveConnectFailuresAndProbesOnceAfterTheOpenPeriod() {
        CircuitBreaker cb = breaker(3);
        long t = 0;
        assertThat(cb.onConnectFailure(down, t)).isFalse();
        assertThat(cb.onConnectFailure(down, t)).isFalse();
        assertThat(cb.onConnectFailure(down, t)).isTrue();
        assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
        assertThat(cb.rejectsWaiting(t + OPEN - 1)).isTrue();
        assertThat(cb.tryAcquirePermission(t + OPEN - 1)).isFalse();
        assertThat(cb.nanosUntilProbe(t + OPEN - 10)).isEqualTo(10);

        assertThat(cb.rejectsWaiting(t + OPEN)).as("a borrower may wait once a probe is due").isFalse();
        assertThat(cb.tryAcquirePermission(t + OPEN)).as("first caller is the probe").isTrue();
        assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(cb.tryAcquirePermission(t + OPEN)).as("only one probe").isFalse();

        assertThat(cb.onConnectFailure(down, t + OPEN)).as("failed probe reopens").isTrue();
        assertThat(cb.tryAcquirePermission(t + OPEN + 1)).as("a new open period started").isFalse();
        assertThat(cb.tryAcquirePermission(t + 2 * OPEN)).isTrue();
        cb.onSuccess();
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(changes).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "OPEN->HALF_OPEN",
                "HALF_OPEN->CLOSED");
    }

    @Test
    void aSuccessResetsTheCount() {
        CircuitBreaker cb = breaker(3);
        cb.onConnectFailure(down, 0);
        cb.onConnectFailure(down, 0);
        cb.onSuccess();
        assertThat(cb.onConnectFailure(down, 0)).isFalse();
        assertThat(cb.onConnectFailure(down, 0)).isFalse();
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void failedValidationsAloneNeverOpenButCountTowardsTheNextConnectFailure() {
        CircuitBreaker cb = breaker(3);
        for (int i = 0; i < 10; i++) {
            cb.onValidationFailure(down);
        }
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(cb.onConnectFailure(down, 0)).as("the first failed connect after them opens").isTrue();
    }

    @Test
    void disabledNeverOpensButRemembersTheLastError() {
        CircuitBreaker cb = new CircuitBreaker(false, 1, OPEN, (from, to, cause) -> changes.add("unexpected"));
        for (int i = 0; i < 5; i++) {
            assertThat(cb.onConnectFailure(down, 0)).isFalse();
        }
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(cb.tryAcquirePermission(0)).isTrue();
        assertThat(cb.lastFailure()).isSameAs(down);
        assertThat(changes).isEmpty();
    }

    @Test
    void manualResetClosesAndReportsTheStateItLeft() {
        CircuitBreaker cb = breaker(1);
        cb.onConnectFailure(down, 0);
        assertThat(cb.reset()).isEqualTo(CircuitState.OPEN);
        assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(cb.reset()).isEqualTo(CircuitState.CLOSED);
    }

    /**
     * Invariants 1 and 2 under contention: many threads report failures at once, then all ask for
     * permission once the open period is over. Each transition is reported exactly once, and only one of
     * the askers becomes the probe.
     */
    @Test
    void concurrentCallersSeeOneTransitionAndOneProbePerPeriod() throws Exception {
        for (int round = 0; round < 200; round++) {
            changes.clear();
            CircuitBreaker cb = breaker(5);
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier failuresDone = new CyclicBarrier(threads);
            AtomicInteger opened = new AtomicInteger();
            AtomicInteger granted = new AtomicInteger();
            for (int i = 0; i < threads; i++) {
                pool.execute(() -> {
                    for (int k = 0; k < 3; k++) {
                        if (cb.onConnectFailure(down, 0)) {
                            opened.incrementAndGet();
                        }
                    }
                    try {
                        failuresDone.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        return;
                    }
                    if (cb.tryAcquirePermission(OPEN)) {
                        granted.incrementAndGet();
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(opened.get()).as("24 failures against a threshold of 5 open the circuit once").isEqualTo(1);
            assertThat(granted.get()).as("probes granted to 8 concurrent askers").isEqualTo(1);
            assertThat(changes).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");
        }
    }
}
