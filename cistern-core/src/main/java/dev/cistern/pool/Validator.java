package dev.cistern.pool;

import dev.cistern.resilience.CircuitBreaker;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Checks that a physical connection works, with {@code Connection.isValid} or the configured test query,
 * within a time limit; counts failures and reports results to the circuit breaker.
 */
final class Validator {
    private static final Logger log = PoolLog.LOG;

    private final String poolName;
    private final String testQuery;
    private final Timeouts timeouts;
    private final ErrorText errors;
    private final CircuitBreaker circuit;
    private final PoolCounters counters;
    /** Runs the driver's network-timeout work; never the caller's thread. */
    private final Executor timeoutExecutor;

    Validator(PoolParts parts, Executor timeoutExecutor) {
        this.poolName = parts.name;
        this.testQuery = parts.config.connectionTestQuery();
        this.timeouts = parts.timeouts;
        this.errors = parts.errors;
        this.circuit = parts.circuit;
        this.counters = parts.counters;
        this.timeoutExecutor = timeoutExecutor;
    }

    /** Checks within {@code validationTimeout}. */
    boolean validate(PoolEntry entry) {
        return validate(entry, timeouts.validationTimeoutNanos());
    }

    /**
     * Checks within {@code validationTimeout} or {@code budgetNanos}, whichever is shorter. Bounded twice
     * over: the driver is asked to give up by then ({@code isValid} timeout / query timeout, whole seconds,
     * rounded up), and where the driver supports network timeouts the socket is told the same to the
     * millisecond, which also stops drivers that ignore the first.
     */
    boolean validate(PoolEntry entry, long budgetNanos) {
        long limitNanos = Math.min(timeouts.validationTimeoutNanos(), budgetNanos);
        int limitMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(limitNanos + 999_999)));
        int limitSeconds = Math.max(1, (limitMillis + 999) / 1000);
        Connection physical = entry.physical;
        int restoreNetworkTimeout = entry.defaults.networkTimeoutMillis;
        SQLException failure = null;
        boolean alive;
        try {
            if (restoreNetworkTimeout >= 0) {
                physical.setNetworkTimeout(timeoutExecutor, limitMillis);
            }
            alive = testQuery == null ? physical.isValid(limitSeconds) : runTestQuery(physical, limitSeconds);
            if (alive && restoreNetworkTimeout >= 0) {
                physical.setNetworkTimeout(timeoutExecutor, restoreNetworkTimeout);
            }
        } catch (SQLException e) {
            failure = e;
            alive = false;
        } catch (RuntimeException e) {
            failure = new SQLException(e.toString(), "08006", e);
            alive = false;
        }
        if (alive) {
            entry.lastValidatedNanos = CoarseClock.now(); // the clock the borrow path compares it with
            circuit.onSuccess();
        } else {
            if (failure != null) {
                log.debug("{} - connection failed validation: {}", poolName, errors.describe(failure));
            }
            counters.validationFailures.incrementAndGet();
            circuit.onValidationFailure(failure != null ? errors.safeCause(failure)
                    : new SQLException("connection failed validation", "08006"));
        }
        return alive;
    }

    private boolean runTestQuery(Connection physical, int limitSeconds) throws SQLException {
        try (Statement statement = physical.createStatement()) {
            statement.setQueryTimeout(limitSeconds);
            statement.execute(testQuery);
        }
        if (!physical.getAutoCommit()) {
            physical.rollback();
        }
        return true;
    }
}
