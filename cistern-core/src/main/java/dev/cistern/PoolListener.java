package dev.cistern;

import java.time.Duration;

/**
 * Hooks for integrations (tracing, custom metrics, audit). Every method has an empty default, so a
 * listener overrides only what it needs. With no listener configured the pool makes no calls at all.
 *
 * <p>Callbacks run on the thread that caused the event (a borrower for borrowed/returned/timeout, a
 * pool thread for the rest) and must be quick and must not throw; an exception is logged and ignored.
 * Connection ids are the pool's own numbers, stable for the life of one physical connection.
 */
public interface PoolListener {
    /** A physical connection was opened. */
    default void connectionCreated(long connectionId) {
    }

    /** A connection was lent; {@code waited} is how long the borrower waited (zero on the fast path). */
    default void connectionBorrowed(long connectionId, Duration waited) {
    }

    /** A connection came back after being held for {@code heldFor}. */
    default void connectionReturned(long connectionId, Duration heldFor) {
    }

    /** A physical connection was closed by the pool, with why (e.g. "reached maxLifetime"). */
    default void connectionEvicted(long connectionId, String reason) {
    }

    /** A borrower gave up after {@code connectionTimeout} (or the circuit was open). */
    default void borrowTimedOut(Duration waited) {
    }

    /** The circuit breaker changed state; {@code cause} is the last error, or null. */
    default void circuitStateChanged(CircuitState from, CircuitState to, Throwable cause) {
    }

    /** A connection was held past {@code leakDetectionThreshold} ({@code reclaimed} = false) or reclaimed. */
    default void leakDetected(long connectionId, LeakReport report, boolean reclaimed) {
    }
}
