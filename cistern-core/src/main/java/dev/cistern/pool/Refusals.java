package dev.cistern.pool;

import dev.cistern.CircuitOpenException;
import dev.cistern.resilience.CircuitBreaker;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;

/**
 * The exceptions a borrower gets when the pool cannot lend: timed out, circuit open, suspended, closed.
 * Each names the pool once and gives current facts: the counts of that moment, and the latest connection
 * error with its age (the driver's exception as the cause).
 */
final class Refusals {
    private final String poolName;
    private final Timeouts timeouts;
    private final Lender lender;
    private final ConnectionSupply supply;
    private final CircuitBreaker circuit;
    private final ErrorText errors;

    Refusals(PoolParts parts, ConnectionSupply supply) {
        this.poolName = parts.name;
        this.timeouts = parts.timeouts;
        this.lender = parts.lender;
        this.supply = supply;
        this.circuit = parts.circuit;
        this.errors = parts.errors;
    }

    /** For a borrower that has just given up waiting; it still counts itself among the waiting. */
    SQLException timedOut(long waitedNanos) {
        int total = lender.size();
        int idle = lender.countInState(PoolEntry.IDLE);
        int active = lender.countInState(PoolEntry.IN_USE);
        ConnectError last = supply.lastConnectError();
        // While the server refuses more connections as full (or none has the role wanted), that refusal is the
        // answer: its SQLState, not 08001.
        boolean full = last != null && supply.isLiveRefusal(last.error());
        return new SQLTransientConnectionException(poolName + " - connection is not available, request timed out after "
                + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + "ms" + (full ? " while " + supply.serverFull().reason()
                : "") + " (total=" + total + ", active=" + active + ", idle=" + idle
                + ", waiting=" + (lender.waiterCount() + 1) + ")" + lastErrorClause(last),
                full && last.error().getSQLState() != null ? last.error().getSQLState() : "08001",
                last != null ? errors.safeCause(last.error()) : null);
    }

    /**
     * While the circuit is open. It names the last connection error (with its age), not a guess at the
     * cause: a wrong password opens the circuit as surely as a dead server.
     */
    SQLException circuitOpen(long now) {
        ConnectError last = supply.lastConnectError();
        Throwable lastFailure = last != null ? last.error() : circuit.lastFailure();
        String why = last != null ? "last connection error (" + Elapsed.describe(now - last.atNanos()) + " ago): "
                + errors.describe(last.error()) : lastFailure != null ? "last error: " + errors.describe(lastFailure)
                : "repeated failures";
        long probeIn = circuit.nanosUntilProbe(now);
        return new CircuitOpenException(poolName + " - connection not available: circuit breaker is open after"
                + " repeated connection failures (" + why + ")"
                + (probeIn > 0 ? "; next probe in " + Elapsed.describe(probeIn) : "; a probe is due"),
                lastFailure != null ? errors.safeCause(lastFailure) : null);
    }

    SQLException suspended() {
        return new SQLTransientConnectionException(poolName + " - pool is suspended; connection not available within "
                + TimeUnit.NANOSECONDS.toMillis(timeouts.connectionTimeoutNanos()) + " ms", "08001");
    }

    SQLException closed() {
        return new SQLTransientConnectionException(poolName + " - pool is closed", "08003");
    }

    SQLException interrupted(String activity) {
        return new SQLException(poolName + " - interrupted while " + activity, "08001");
    }

    /** "; last connection error (N ms ago): ..." or nothing. */
    String lastErrorClause(ConnectError last) {
        return last == null ? "" : "; last connection error (" + Elapsed.describe(System.nanoTime() - last.atNanos())
                + " ago): " + errors.describe(last.error());
    }
}
