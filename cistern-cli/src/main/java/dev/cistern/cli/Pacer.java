package dev.cistern.cli;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Spaces the clients' transactions to a rate, all clients together: each takes the next start slot and
 * sleeps until it.
 *
 * <p>Invariants (stress-tested in {@code PacerTest}): however many clients take slots at once, no two get the
 * same slot and no more than {@code rate × elapsed + 1} slots have come due since the start; a slot is never
 * handed out more than {@link #SLACK_NANOS} in the past, so a run that fell behind (a stall, a slow database)
 * catches up by at most one second's worth, not by a long burst above the rate.
 */
final class Pacer {
    static final long SLACK_NANOS = 1_000_000_000L;

    private final long intervalNanos;
    private final AtomicLong lastSlot;

    Pacer(double perSecond, long startNanos) {
        this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
        this.lastSlot = new AtomicLong(startNanos - intervalNanos);
    }

    /**
     * Waits for this client's next slot.
     *
     * @param stopped checked while waiting, so a stop is not held up by a slot far ahead
     * @return false if stopped while waiting
     */
    boolean await(BooleanSupplier stopped) {
        long now = System.nanoTime();
        long slot = lastSlot.accumulateAndGet(now, (last, at) -> Math.max(last, at - SLACK_NANOS) + intervalNanos);
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, 50_000_000L));
        }
        return !stopped.getAsBoolean();
    }
}
