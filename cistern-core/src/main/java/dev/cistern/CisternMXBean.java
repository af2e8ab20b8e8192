package dev.cistern;

/**
 * The pool as JMX shows it, registered as {@code dev.cistern:type=Pool,name=<poolName>} when
 * {@code registerMbeans} is on: the stats, the circuit state, and the runtime controls.
 */
public interface CisternMXBean {
    /** {@return the pool's name, as set by {@code poolName}} */
    String getPoolName();

    /** {@return the physical connections the pool holds now (idle, in use, or being checked)} */
    int getTotalConnections();

    /** {@return the connections taken out of the idle set now (lent, or being checked before lending)} */
    int getActiveConnections();

    /** {@return the connections ready to lend now} */
    int getIdleConnections();

    /** {@return the threads waiting for a connection now} */
    int getThreadsAwaitingConnection();

    /** {@return the most connections seen lent at once (see {@link PoolStats#peakActive()})} */
    int getPeakActiveConnections();

    /** {@return the maximum pool size in force (as configured, or as last set by {@link #resize})} */
    int getMaximumPoolSize();

    /** {@return the minimum idle in force (as configured, or as last set by {@link #resize})} */
    int getMinimumIdle();

    /** {@return the size the pool may grow to now: the maximum, or less while the autoscaler holds it smaller} */
    int getEffectiveMaximumPoolSize();

    /** {@return the physical connections opened since start} */
    long getConnectionsCreated();

    /** {@return the physical connections retired since start} */
    long getConnectionsDestroyed();

    /**
     * {@return the borrows that waited out {@code connectionTimeout}, or failed early because no connection
     * could be opened}
     */
    long getConnectionTimeouts();

    /** {@return the borrows refused at once because the circuit breaker was open} */
    long getCircuitRefusals();

    /** {@return the borrows that gave up because the pool stayed suspended past their deadline} */
    long getSuspendedRefusals();

    /** {@return the borrows reported as held past {@code leakDetectionThreshold}} */
    long getLeaksDetected();

    /** {@return the connections taken back from holders past {@code leakReclaimThreshold}} */
    long getLeaksReclaimed();

    /** {@return the connections lent per second over the recent window ({@code metrics.window})} */
    double getBorrowsPerSecond();

    /** {@return how long the longest-waiting borrower has waited so far, in milliseconds; 0 when none waits} */
    long getOldestWaiterAgeMillis();

    /**
     * {@return the 99th percentile of waits over the recent window, in milliseconds; 0 unless
     * {@code metrics.latency}}
     */
    double getRecentWaitP99Millis();

    /** {@return the pool's health: UP, DEGRADED or DOWN (see {@link PoolHealth})} */
    String getHealth();

    /** {@return the circuit breaker's state: CLOSED, OPEN or HALF_OPEN} */
    String getCircuitState();

    /** {@return whether the pool is suspended (borrowers wait until {@link #resumePool()})} */
    boolean isSuspended();

    /** Retires every connection: idle ones now, borrowed ones when they come back. */
    void softEvictConnections();

    /**
     * Stops lending until {@link #resumePool()}: borrowers wait (up to {@code connectionTimeout}); connections
     * stay open.
     */
    void suspendPool();

    /** Lets borrowers in again after {@link #suspendPool()}. */
    void resumePool();

    /**
     * Closes the circuit breaker by hand, e.g. once an operator knows the database is back.
     *
     * @return the state the circuit was in: CLOSED, OPEN or HALF_OPEN
     */
    String resetCircuit();

    /**
     * Changes the pool's bounds at runtime, with the same rules as {@link CisternDataSource#resize}. Growing
     * applies at once; shrinking closes idle connections above the new maximum now and borrowed ones as they
     * come back.
     *
     * @param minimumIdle     the new minimum number of idle connections
     * @param maximumPoolSize the new maximum number of connections
     * @throws IllegalArgumentException when a bound is out of range (same rules as {@link PoolConfig})
     */
    void resize(int minimumIdle, int maximumPoolSize);

    // The settings a running pool takes, read and written under HikariCP's attribute names (durations in
    // milliseconds), so its JMX scripts carry over. A write is checked by the start-up rules and applies as the
    // settings table's runtime column says: sizes at once, credentials to new connections, timeouts from their
    // next use.

    /**
     * Resizes the pool's maximum, as {@link #resize} with the minimum kept (capped at the new maximum).
     *
     * @param size the new maximum number of connections
     */
    void setMaximumPoolSize(int size);

    /**
     * Resizes the pool's minimum idle, as {@link #resize} with the maximum kept.
     *
     * @param minimumIdle the new minimum number of idle connections
     */
    void setMinimumIdle(int minimumIdle);

    /** {@return the username connections are opened with; null when a credentials provider gives them} */
    String getUsername();

    /**
     * Opens connections from now on as this user (refused when a credentials provider gives them).
     *
     * @param username the database user
     */
    void setUsername(String username);

    /**
     * Opens connections from now on with this password; write-only: the password is never shown.
     *
     * @param password the new password
     */
    void setPassword(String password);

    /** {@return {@code connectionTimeout} in milliseconds} */
    long getConnectionTimeout();

    /**
     * Changes {@code connectionTimeout} for borrows from now on.
     *
     * @param millis the new value, in milliseconds
     */
    void setConnectionTimeout(long millis);

    /** {@return {@code validationTimeout} in milliseconds} */
    long getValidationTimeout();

    /**
     * Changes {@code validationTimeout} for checks from now on.
     *
     * @param millis the new value, in milliseconds
     */
    void setValidationTimeout(long millis);

    /** {@return {@code idleTimeout} in milliseconds; 0 = idle connections are never retired} */
    long getIdleTimeout();

    /**
     * Changes {@code idleTimeout} from the next housekeeping round.
     *
     * @param millis the new value, in milliseconds (0 = never)
     */
    void setIdleTimeout(long millis);

    /** {@return {@code maxLifetime} in milliseconds; 0 = no limit} */
    long getMaxLifetime();

    /**
     * Changes {@code maxLifetime} for connections opened from now on.
     *
     * @param millis the new value, in milliseconds (0 = no limit)
     */
    void setMaxLifetime(long millis);

    /** {@return {@code keepaliveTime} in milliseconds; 0 = no keepalive} */
    long getKeepaliveTime();

    /**
     * Changes {@code keepaliveTime} from the next housekeeping round.
     *
     * @param millis the new value, in milliseconds (0 = no keepalive)
     */
    void setKeepaliveTime(long millis);

    /** {@return {@code leakDetectionThreshold} in milliseconds; 0 = off} */
    long getLeakDetectionThreshold();

    /**
     * Changes {@code leakDetectionThreshold}; detection on at start cannot be turned off, nor off turned on.
     *
     * @param millis the new value, in milliseconds
     */
    void setLeakDetectionThreshold(long millis);

    /** {@return {@code leakReclaimThreshold} in milliseconds; 0 = off} */
    long getLeakReclaimThreshold();

    /**
     * Changes {@code leakReclaimThreshold} (at least {@code leakDetectionThreshold}, which must be on).
     *
     * @param millis the new value, in milliseconds (0 = off)
     */
    void setLeakReclaimThreshold(long millis);
}
