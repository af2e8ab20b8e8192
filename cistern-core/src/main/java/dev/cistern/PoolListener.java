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
    /**
     * A physical connection was opened.
     *
     * @param connectionId the new connection's id
     */
    default void connectionCreated(long connectionId) {
    }

    /**
     * A connection was lent.
     *
     * @param connectionId the id of the physical connection lent
     * @param waited       how long the borrower waited (zero on the fast path)
     */
    default void connectionBorrowed(long connectionId, Duration waited) {
    }

    /**
     * A connection came back after being held for {@code heldFor}.
     *
     * @param connectionId the id of the physical connection returned
     * @param heldFor      how long the borrower held it
     */
    default void connectionReturned(long connectionId, Duration heldFor) {
    }

    /**
     * A physical connection was closed by the pool, with why (e.g. "reached maxLifetime").
     *
     * @param connectionId the id of the connection closed
     * @param reason       why the pool closed it, in a few words
     */
    default void connectionEvicted(long connectionId, String reason) {
    }

    /**
     * A borrower gave up after {@code connectionTimeout} (or the circuit was open).
     *
     * @param waited how long the borrower waited before giving up
     */
    default void borrowTimedOut(Duration waited) {
    }

    /**
     * The pool found that a server no longer takes writes, or that the primary moved (docs/failover.md): its
     * connections on the old server are being retired and new ones go where the driver and DNS lead. Called on
     * the thread that found it (a borrower returning its connection, or a creator thread).
     *
     * @param server the old server, as {@code address:port} as it reported itself
     * @param what   what was found, in words ("it is read-only (in recovery (a standby)) now", "the primary moved to ...")
     */
    default void failover(String server, String what) {
    }

    /**
     * The circuit breaker changed state.
     *
     * @param from  the state it left
     * @param to    the state it entered
     * @param cause the last error, or null
     */
    default void circuitStateChanged(CircuitState from, CircuitState to, Throwable cause) {
    }

    /**
     * A connection was held past {@code leakDetectionThreshold} ({@code reclaimed} = false) or reclaimed.
     *
     * @param connectionId the id of the physical connection held too long
     * @param report       who borrowed it, for how long, and where
     * @param reclaimed    true when the pool took it back (past {@code leakReclaimThreshold}), false when it
     *                     is only reported
     */
    default void leakDetected(long connectionId, LeakReport report, boolean reclaimed) {
    }
}
