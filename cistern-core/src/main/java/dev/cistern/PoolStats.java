package dev.cistern;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of one pool's gauges and counters, taken by {@link CisternDataSource#stats()}.
 * Gauges ({@code total}, {@code active}, {@code idle}, {@code pending}) are read at one moment without
 * stopping the pool, so under load they may not add up exactly; counters only ever grow.
 *
 * @param total              physical connections the pool holds now (idle + in use + being checked)
 * @param active             connections taken out of the idle set now (lent, or being checked before lending)
 * @param idle               connections ready to lend now
 * @param pending            threads waiting for a connection now
 * @param created            physical connections opened since start
 * @param reused             borrows served by a connection that had been lent before
 * @param destroyed          physical connections retired since start
 * @param peakActive         the most connections seen lent at once: sampled by every borrow (the busy
 *                           connections its scan passed, plus its own) and every stats call, so it is
 *                           exact whenever the pool saturates and never above the true peak
 * @param timeouts           borrows that waited out {@code connectionTimeout}, or failed early because no
 *                           connection could be opened (not those counted below)
 * @param createFailures     connection attempts that failed
 * @param serverFullRefusals connection attempts the server refused as full (PostgreSQL 53300, MySQL 1040, ...):
 *                           counted among {@code createFailures} too, but not towards the circuit breaker
 * @param validationFailures connections discarded because a check found them dead
 * @param maximumPoolSize    the maximum in force (as configured, or as last set by {@code resize})
 * @param minimumIdle        the minimum idle in force
 * @param effectiveMaximumPoolSize the size the pool may grow to now: {@code maximumPoolSize}, or less while
 *                           the autoscaler holds it smaller
 * @param circuitState       the circuit breaker's state
 * @param leaksDetected      borrows reported as held past {@code leakDetectionThreshold}
 * @param leaksReclaimed     connections taken back from holders past {@code leakReclaimThreshold}
 * @param suspended          whether the pool is suspended (borrowers wait)
 * @param scaleUps           autoscaler decisions that raised the effective maximum
 * @param scaleDowns         autoscaler decisions that lowered it
 * @param circuitRefusals    borrows refused at once because the circuit breaker was open
 *                           ({@link CircuitOpenException}), waiters failed as it opened included
 * @param suspendedRefusals  borrows that gave up because the pool stayed suspended past their deadline
 * @param borrows            connections lent since start
 * @param borrowsPerSecond   connections lent per second over the recent span ({@code metrics.window})
 * @param recentTimeouts     borrows that timed out over the recent span
 * @param utilization        {@code active / maximumPoolSize} now, from 0 to 1
 * @param oldestWaiterAge    how long the borrower that has queued longest has waited so far; zero when
 *                           nobody is queued
 * @param latencyRecorded    whether the latency figures below are recorded ({@code metrics.latency}); when
 *                           not, they are all {@link Latency#NONE}
 * @param waitTime           how long borrowers waited for a connection, since start (a borrow served at
 *                           once counts as a wait of zero; refused borrows are not included)
 * @param useTime            how long borrowers held a connection, since start: every use counted, and
 *                           timed up to 64 per connection per coarse clock tick (all of them at ordinary
 *                           rates; a sample, scaled to the count, beyond)
 * @param createTime         how long opening a physical connection took, since start (successful opens)
 * @param recentSpan         the span the recent figures cover: the last {@code metrics.window}, give or
 *                           take a sixth of it, or the life of a younger pool
 * @param recentWaitTime     as {@code waitTime}, over the recent span
 * @param recentUseTime      as {@code useTime}, over the recent span
 * @param recentCreateTime   as {@code createTime}, over the recent span
 * @param wrongRoleRefusals  new connections closed before they were lent because their server had not the
 *                           {@code role} the pool wants, and connects that found no server of that role
 *                           (docs/failover.md); like {@code serverFullRefusals}, not towards the circuit breaker
 * @param failovers          times the pool found a server demoted (a write refused as read-only, confirmed) or,
 *                           with {@code role=primary}, the primary moved; its connections there were retired
 * @param lastFailoverTime   the last failover's time from the first refusal to the first new connection on a
 *                           server that takes writes; null before one has ended
 * @param servers            connections now by server, as {@code address:port} as each server reports itself
 *                           ({@code unknown} where the pool does not ask: other databases, a transaction pooler)
 */
public record PoolStats(int total, int active, int idle, int pending, long created, long reused, long destroyed,
        int peakActive, long timeouts, long createFailures, long serverFullRefusals, long validationFailures, int maximumPoolSize,
        int minimumIdle, int effectiveMaximumPoolSize, CircuitState circuitState, long leaksDetected,
        long leaksReclaimed, boolean suspended, long scaleUps, long scaleDowns, long circuitRefusals,
        long suspendedRefusals, long borrows, double borrowsPerSecond, long recentTimeouts, double utilization, Duration oldestWaiterAge,
        boolean latencyRecorded, Latency waitTime, Latency useTime, Latency createTime, Duration recentSpan,
        Latency recentWaitTime, Latency recentUseTime, Latency recentCreateTime, long wrongRoleRefusals,
        long failovers, Duration lastFailoverTime, Map<String, Integer> servers) {

    /** Copies {@code servers}, so a snapshot stays as it was. */
    public PoolStats {
        servers = Map.copyOf(servers);
    }

    /**
     * The fields in declaration order with snake_case names, ready for JSON or a metrics page; durations in
     * milliseconds ({@code _ms}). Latencies appear only when recorded, each as {@code <name>_count},
     * {@code _p50_ms}, {@code _p95_ms}, {@code _p99_ms}, {@code _max_ms} and {@code _mean_ms}, for
     * {@code wait}, {@code use}, {@code create} and {@code recent_wait}, {@code recent_use},
     * {@code recent_create}.
     *
     * @return a new mutable map, in field order
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("total", total);
        map.put("active", active);
        map.put("idle", idle);
        map.put("pending", pending);
        map.put("created", created);
        map.put("reused", reused);
        map.put("destroyed", destroyed);
        map.put("peak_active", peakActive);
        map.put("timeouts", timeouts);
        map.put("create_failures", createFailures);
        map.put("server_full_refusals", serverFullRefusals);
        map.put("validation_failures", validationFailures);
        map.put("maximum_pool_size", maximumPoolSize);
        map.put("minimum_idle", minimumIdle);
        map.put("effective_maximum_pool_size", effectiveMaximumPoolSize);
        map.put("circuit_state", circuitState.name());
        map.put("leaks_detected", leaksDetected);
        map.put("leaks_reclaimed", leaksReclaimed);
        map.put("suspended", suspended);
        map.put("scale_ups", scaleUps);
        map.put("scale_downs", scaleDowns);
        map.put("circuit_refusals", circuitRefusals);
        map.put("suspended_refusals", suspendedRefusals);
        map.put("borrows", borrows);
        map.put("borrows_per_second", Math.round(borrowsPerSecond * 10) / 10.0);
        map.put("recent_timeouts", recentTimeouts);
        map.put("utilization", Math.round(utilization * 1000) / 1000.0);
        map.put("oldest_waiter_age_ms", oldestWaiterAge.toMillis());
        map.put("latency_recorded", latencyRecorded);
        map.put("recent_span_s", Math.round(recentSpan.toMillis() / 100.0) / 10.0);
        map.put("wrong_role_refusals", wrongRoleRefusals);
        map.put("failovers", failovers);
        map.put("last_failover_ms", lastFailoverTime == null ? -1 : lastFailoverTime.toMillis());
        map.put("servers", new java.util.TreeMap<>(servers));
        if (latencyRecorded) {
            waitTime.putInto(map, "wait");
            useTime.putInto(map, "use");
            createTime.putInto(map, "create");
            recentWaitTime.putInto(map, "recent_wait");
            recentUseTime.putInto(map, "recent_use");
            recentCreateTime.putInto(map, "recent_create");
        }
        return map;
    }
}
