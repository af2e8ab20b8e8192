package dev.cistern.pool;

import dev.cistern.CircuitState;
import dev.cistern.PoolHealth;
import dev.cistern.PoolStats;
import java.util.ArrayList;
import java.util.List;

/** The rules of {@link PoolHealth}, applied to one stats snapshot and the pool's last connection error. */
final class HealthRules {
    private HealthRules() {
    }

    /**
     * @param closed         whether the pool was closed
     * @param lastErrorClause "; last connection error (N ago): ..." when the newest attempt failed, else ""
     * @param windowText     the recent window, as the reasons name it ("60s")
     * @param refusing       why the server gives no more connections while the pool wants more (full, or none
     *                       of the role wanted), or null when it does
     */
    static PoolHealth judge(PoolStats stats, boolean closed, String lastErrorClause, String windowText,
            String refusing) {
        List<String> down = new ArrayList<>();
        if (closed) {
            down.add("the pool is closed");
        } else if (stats.circuitState() == CircuitState.OPEN) {
            down.add("the circuit breaker is open: borrowers without an idle connection fail at once" + lastErrorClause);
        } else if (stats.total() == 0 && !lastErrorClause.isEmpty()) {
            down.add("no connection is open and none could be opened" + lastErrorClause);
        }
        if (!down.isEmpty()) {
            return new PoolHealth(PoolHealth.Status.DOWN, down);
        }
        List<String> degraded = new ArrayList<>();
        if (refusing != null) {
            degraded.add(refusing + ": holding " + stats.total() + " of "
                    + wanted(stats) + " wanted; borrowers wait for returned ones" + lastErrorClause);
        }
        if (stats.circuitState() == CircuitState.HALF_OPEN) {
            degraded.add("the circuit breaker is half-open: a probe connection is being tried" + lastErrorClause);
        }
        if (stats.recentTimeouts() > 0) {
            degraded.add(stats.recentTimeouts() + " borrow" + (stats.recentTimeouts() == 1 ? "" : "s")
                    + " timed out waiting for a connection in the last " + windowText);
        }
        if (stats.suspended()) {
            degraded.add("the pool is suspended: borrowers wait until it is resumed");
        }
        return degraded.isEmpty() ? new PoolHealth(PoolHealth.Status.UP, List.of())
                : new PoolHealth(PoolHealth.Status.DEGRADED, degraded);
    }

    /** What the pool is trying to hold: enough for its waiters or {@code minimumIdle} idle, within its size now. */
    private static int wanted(PoolStats stats) {
        int forDemand = stats.total() + Math.max(0, stats.pending() - stats.idle());
        int forMinimumIdle = stats.total() - stats.idle() + stats.minimumIdle();
        return Math.min(stats.effectiveMaximumPoolSize(), Math.max(forDemand, forMinimumIdle));
    }
}
