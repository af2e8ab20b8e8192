package dev.cistern.spring;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolHealth;
import dev.cistern.PoolStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The actuator's view of the context's Cistern pools, the same under Boot 3.5 and 4.0: down when any pool
 * is DOWN (circuit open, closed, or no connection and none can be opened), otherwise up; for each pool its
 * own status (UP, DEGRADED or DOWN), circuit state, waiters, connections and the reasons, which never hold a
 * password. DEGRADED pools leave the application up: it still serves, and Boot's status order has no
 * place for a status of Cistern's own.
 */
record PoolHealthReport(boolean down, Map<String, Object> details) {

    static PoolHealthReport of(Map<String, CisternDataSource> pools) {
        boolean down = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (CisternDataSource pool : pools.values()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            if (pool.config() == null) {
                detail.put("status", "NOT_STARTED");
                details.put(pool.poolName(), detail);
                continue;
            }
            PoolHealth health = pool.health();
            down |= health.status() == PoolHealth.Status.DOWN;
            detail.put("status", health.status().name());
            if (!pool.isClosed()) {
                PoolStats stats = pool.stats();
                detail.put("circuit", stats.circuitState().name());
                detail.put("waiting", stats.pending());
                detail.put("active", stats.active());
                detail.put("idle", stats.idle());
                detail.put("total", stats.total());
                detail.put("max", stats.maximumPoolSize());
            }
            if (!health.reasons().isEmpty()) {
                detail.put("reasons", health.reasons());
            }
            details.put(pool.poolName(), detail);
        }
        return new PoolHealthReport(down, details);
    }
}
