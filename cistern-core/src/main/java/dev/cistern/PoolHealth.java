package dev.cistern;

import java.util.List;

/**
 * Whether a pool can serve, for health endpoints and load balancers ({@link CisternDataSource#health()}).
 * <ul>
 *   <li>{@code DOWN}: it cannot lend: the pool is closed, the circuit breaker is open, or it holds no
 *       connection and its last attempt to open one failed;</li>
 *   <li>{@code DEGRADED}: it lends, but not as it should: the server refuses more connections as full while
 *       the pool holds fewer than it wants, borrows timed out within the recent window ({@code metrics.window}),
 *       the circuit breaker is probing (half-open), or the pool is suspended;</li>
 *   <li>{@code UP} otherwise.</li>
 * </ul>
 *
 * @param status  the verdict
 * @param reasons why it is not UP, one sentence each (connection errors are given with passwords scrubbed);
 *                empty when UP
 */
public record PoolHealth(Status status, List<String> reasons) {
    /** The verdict on whether a pool can serve. */
    public enum Status {
        /** The pool lends as it should. */
        UP,
        /** The pool lends, but not as it should (server full, recent timeouts, a probing circuit breaker, or suspended). */
        DEGRADED,
        /** The pool cannot lend (closed, circuit breaker open, or no connection and the last attempt failed). */
        DOWN
    }

    /**
     * Copies {@code reasons}, so the record stays immutable.
     *
     * @param status  the verdict
     * @param reasons why it is not UP, one sentence each; empty when UP
     */
    public PoolHealth {
        reasons = List.copyOf(reasons);
    }
}
