package dev.cistern;

/**
 * The pool as JMX shows it, registered as {@code dev.cistern:type=Pool,name=<poolName>} when
 * {@code registerMbeans} is on: the stats, the circuit state, and the runtime controls.
 */
public interface CisternMXBean {
    String getPoolName();

    int getTotalConnections();

    int getActiveConnections();

    int getIdleConnections();

    int getThreadsAwaitingConnection();

    int getPeakActiveConnections();

    int getMaximumPoolSize();

    int getMinimumIdle();

    int getEffectiveMaximumPoolSize();

    long getConnectionsCreated();

    long getConnectionsDestroyed();

    long getConnectionTimeouts();

    /** Borrows refused at once because the circuit breaker was open. */
    long getCircuitRefusals();

    /** Borrows that gave up because the pool stayed suspended past their deadline. */
    long getSuspendedRefusals();

    long getLeaksDetected();

    long getLeaksReclaimed();

    /** Connections lent per second over the recent window ({@code metrics.window}). */
    double getBorrowsPerSecond();

    /** How long the longest-waiting borrower has waited so far, in milliseconds; 0 when none waits. */
    long getOldestWaiterAgeMillis();

    /** The 99th percentile of waits over the recent window, in milliseconds; 0 unless {@code metrics.latency}. */
    double getRecentWaitP99Millis();

    /** UP, DEGRADED or DOWN. */
    String getHealth();

    /** CLOSED, OPEN or HALF_OPEN. */
    String getCircuitState();

    boolean isSuspended();

    void softEvictConnections();

    void suspendPool();

    void resumePool();

    /** Returns the state the circuit was in. */
    String resetCircuit();

    void resize(int minimumIdle, int maximumPoolSize);
}
