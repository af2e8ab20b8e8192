package dev.cistern.resilience;

import dev.cistern.CircuitState;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fails fast while the database looks down. Counts consecutive failures (connection attempts, fatal
 * validations); at {@code failureThreshold} it opens. While open, no connection attempts are made; after
 * {@code openDurationNanos} the first caller of {@link #tryAcquirePermission} becomes the single probe
 * (HALF_OPEN), whose success closes the circuit and whose failure opens it again for another period.
 *
 * <p>Invariants (stress-tested in {@code CircuitBreakerTest}):
 * <ol>
 *   <li>State changes are CAS transitions on one reference, so each change is made, logged and reported
 *       exactly once, however many threads report results at the same moment.</li>
 *   <li>At most one probe is in flight: only the CAS from OPEN to HALF_OPEN grants it, and no permission is
 *       granted while HALF_OPEN.</li>
 *   <li>A success always leaves the circuit CLOSED with no failures counted.</li>
 * </ol>
 */
public final class CircuitBreaker {
    /** Told about every state change, once, on the thread that made it. */
    public interface Observer {
        void stateChanged(CircuitState from, CircuitState to, Throwable cause);
    }

    private record Phase(CircuitState state, long openedAtNanos) {
    }

    private static final Phase CLOSED = new Phase(CircuitState.CLOSED, 0);

    private final boolean enabled;
    private final int failureThreshold;
    private final long openDurationNanos;
    private final Observer observer;
    private final AtomicReference<Phase> phase = new AtomicReference<>(CLOSED);
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile Throwable lastFailure;

    public CircuitBreaker(boolean enabled, int failureThreshold, long openDurationNanos, Observer observer) {
        this.enabled = enabled;
        this.failureThreshold = failureThreshold;
        this.openDurationNanos = openDurationNanos;
        this.observer = observer;
    }

    public CircuitState state() {
        return phase.get().state();
    }

    /** True while the circuit is OPEN or HALF_OPEN: borrowers with no idle connection should fail at once. */
    public boolean rejectsWaiting(long nowNanos) {
        Phase current = phase.get();
        if (current.state() == CircuitState.CLOSED) {
            return false;
        }
        // Once the open period is over, a borrower may wait: its demand is what triggers the probe.
        return current.state() == CircuitState.HALF_OPEN || nowNanos - current.openedAtNanos() < openDurationNanos;
    }

    /**
     * Asks to make a connection attempt. CLOSED: yes. OPEN: no, until the open period is over; then the
     * caller that wins the switch to HALF_OPEN is the probe. HALF_OPEN: no (the probe is in flight).
     */
    public boolean tryAcquirePermission(long nowNanos) {
        Phase current = phase.get();
        switch (current.state()) {
            case CLOSED:
                return true;
            case OPEN:
                if (nowNanos - current.openedAtNanos() < openDurationNanos) {
                    return false;
                }
                return transition(current, new Phase(CircuitState.HALF_OPEN, current.openedAtNanos()), lastFailure);
            default:
                return false;
        }
    }

    /** Nanos until an open circuit admits a probe; 0 when it already would or is not open. */
    public long nanosUntilProbe(long nowNanos) {
        Phase current = phase.get();
        if (current.state() != CircuitState.OPEN) {
            return 0;
        }
        return Math.max(0, openDurationNanos - (nowNanos - current.openedAtNanos()));
    }

    public void onSuccess() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
        Phase current;
        while ((current = phase.get()).state() != CircuitState.CLOSED) {
            if (transition(current, CLOSED, null)) {
                return;
            }
        }
    }

    /**
     * Records a failed connection attempt; returns true when it opened the circuit (at
     * {@code failureThreshold} consecutive failures, or when it was the probe).
     */
    public boolean onConnectFailure(Throwable cause, long nowNanos) {
        lastFailure = cause;
        if (!enabled) {
            return false;
        }
        int failures = consecutiveFailures.incrementAndGet();
        for (;;) {
            Phase current = phase.get();
            boolean opens = current.state() == CircuitState.HALF_OPEN
                    || (current.state() == CircuitState.CLOSED && failures >= failureThreshold);
            if (!opens) {
                return false;
            }
            if (transition(current, new Phase(CircuitState.OPEN, nowNanos), cause)) {
                return true;
            }
        }
    }

    /**
     * Records a failed validation of an existing connection. It counts towards the threshold but never
     * opens the circuit on its own: a run of failed validations may mean only that idle connections were
     * cut (a firewall's idle timeout) while the database is fine, and failing every borrower fast for that
     * would turn a blip into an outage. So such a run opens the circuit at the first connection attempt
     * that fails too.
     */
    public void onValidationFailure(Throwable cause) {
        lastFailure = cause;
        if (enabled) {
            consecutiveFailures.incrementAndGet();
        }
    }

    /** Closes the circuit by hand (operator says the database is back); returns the state it left. */
    public CircuitState reset() {
        consecutiveFailures.set(0);
        for (;;) {
            Phase current = phase.get();
            if (current.state() == CircuitState.CLOSED || transition(current, CLOSED, null)) {
                return current.state();
            }
        }
    }

    /** The failure that last counted against the circuit, or null. */
    public Throwable lastFailure() {
        return lastFailure;
    }

    private boolean transition(Phase from, Phase to, Throwable cause) {
        if (!phase.compareAndSet(from, to)) {
            return false;
        }
        observer.stateChanged(from.state(), to.state(), cause);
        return true;
    }
}
