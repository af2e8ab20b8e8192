package dev.cistern.micrometer;

import dev.cistern.CircuitState;
import dev.cistern.CisternDataSource;
import dev.cistern.Latency;
import dev.cistern.PoolStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for Cistern pools:
 * <pre>{@code new CisternMetrics(dataSource).bindTo(registry);}</pre>
 * Names follow OpenTelemetry's semantic conventions for database client connection pools
 * ({@code db.client.connection.*}, tagged {@code db.client.connection.pool.name}), plus Cistern's own
 * ({@code cistern.connections.*}, tagged {@code pool}). {@link #withHikariNames()} adds HikariCP's names
 * and tags as well, so dashboards and alerts built for HikariCP keep working. docs/observability.md lists
 * every meter.
 *
 * <p>Meters read the pool's own stats when scraped (at most every 200 ms per pool), so binding costs the
 * borrow path nothing. They hold the pool strongly (a closed pool reports its last figures until the
 * meters are removed). The three duration meters ({@code create_time}, {@code wait_time},
 * {@code use_time}) need {@code metrics.latency} on the pool; without it they are not registered.
 */
public final class CisternMetrics implements MeterBinder {
    static final String OTEL_POOL_TAG = "db.client.connection.pool.name";
    static final String POOL_TAG = "pool";
    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

    private final List<CisternDataSource> pools;
    private final Iterable<Tag> extraTags;
    private final boolean hikariNames;

    /** Meters for one or more pools. */
    public CisternMetrics(CisternDataSource... pools) {
        this(List.of(pools), Tags.empty(), false);
    }

    private CisternMetrics(List<CisternDataSource> pools, Iterable<Tag> extraTags, boolean hikariNames) {
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("CisternMetrics needs at least one pool");
        }
        pools.forEach(pool -> Objects.requireNonNull(pool, "pool"));
        this.pools = pools;
        this.extraTags = extraTags;
        this.hikariNames = hikariNames;
    }

    /** Meters for every pool in {@code pools}. */
    public static CisternMetrics of(List<CisternDataSource> pools) {
        return new CisternMetrics(List.copyOf(pools), Tags.empty(), false);
    }

    /** Also registers HikariCP's meter names and tags ({@code hikaricp.connections*}, tag {@code pool}). */
    public CisternMetrics withHikariNames() {
        return new CisternMetrics(pools, extraTags, true);
    }

    /** Adds tags to every meter (an application or region name, say). */
    public CisternMetrics withTags(Iterable<Tag> tags) {
        return new CisternMetrics(pools, Tags.concat(extraTags, tags), hikariNames);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (CisternDataSource pool : pools) {
            CachedStats stats = new CachedStats(pool);
            String name = pool.poolName();
            bindOpenTelemetryNames(registry, stats, Tags.concat(extraTags, OTEL_POOL_TAG, name));
            bindCisternNames(registry, stats, Tags.concat(extraTags, POOL_TAG, name));
            if (hikariNames) {
                bindHikariNames(registry, stats, Tags.concat(extraTags, POOL_TAG, name));
            }
        }
    }

    // ---- OpenTelemetry semantic conventions -------------------------------------------------------------

    private static void bindOpenTelemetryNames(MeterRegistry registry, CachedStats stats, Tags tags) {
        gauge(registry, "db.client.connection.count", "Connections in the state given by the state tag",
                stats, s -> s.idle(), tags.and("db.client.connection.state", "idle"));
        gauge(registry, "db.client.connection.count", "Connections in the state given by the state tag",
                stats, s -> s.active(), tags.and("db.client.connection.state", "used"));
        gauge(registry, "db.client.connection.max", "The most connections the pool may hold",
                stats, s -> s.maximumPoolSize(), tags);
        gauge(registry, "db.client.connection.idle.max", "The most idle connections the pool may keep",
                stats, s -> s.maximumPoolSize(), tags);
        gauge(registry, "db.client.connection.idle.min", "The idle connections the pool keeps ready",
                stats, s -> s.minimumIdle(), tags);
        gauge(registry, "db.client.connection.pending_requests", "Borrowers waiting for a connection now",
                stats, s -> s.pending(), tags);
        counter(registry, "db.client.connection.timeouts", "Borrows that timed out waiting for a connection",
                stats, PoolStats::timeouts, tags);
        if (stats.get().latencyRecorded()) {
            durations(registry, "db.client.connection.create_time", "Time to open a connection", stats,
                    PoolStats::createTime, PoolStats::recentCreateTime, tags);
            durations(registry, "db.client.connection.wait_time", "Time borrowers waited for a connection",
                    stats, PoolStats::waitTime, PoolStats::recentWaitTime, tags);
            durations(registry, "db.client.connection.use_time", "Time borrowers held a connection", stats,
                    PoolStats::useTime, PoolStats::recentUseTime, tags);
        }
    }

    /**
     * A duration as a Micrometer timer (count and total since start, for rates and averages), with the
     * recent window's maximum and percentiles as gauges ({@code <name>.max}, {@code <name>.percentile}
     * tagged {@code phi}, as Micrometer names client-side percentiles).
     */
    private static void durations(MeterRegistry registry, String name, String description, CachedStats stats,
            Function<PoolStats, Latency> sinceStart, Function<PoolStats, Latency> recent, Tags tags) {
        timer(registry, name, description, stats, sinceStart, tags);
        TimeGauge.builder(name + ".max", stats, TimeUnit.SECONDS, s -> seconds(recent.apply(stats.get()).max()))
                .description(description + ": the longest over the recent window").tags(tags).register(registry);
        for (double phi : PERCENTILES) {
            TimeGauge.builder(name + ".percentile", stats, TimeUnit.SECONDS,
                            s -> seconds(percentile(recent.apply(stats.get()), phi)))
                    .description(description + ": percentile over the recent window")
                    .tags(tags.and("phi", phiText(phi))).register(registry);
        }
    }

    // ---- Cistern's own ------------------------------------------------------------------------------------

    private static void bindCisternNames(MeterRegistry registry, CachedStats stats, Tags tags) {
        TimeGauge.builder("cistern.connections.oldest_wait", stats, TimeUnit.SECONDS,
                        s -> seconds(stats.get().oldestWaiterAge()))
                .description("How long the longest-waiting borrower has waited so far").tags(tags).register(registry);
        for (CircuitState state : CircuitState.values()) {
            gauge(registry, "cistern.connections.circuit.state", "1 for the circuit breaker's current state, else 0",
                    stats, s -> s.circuitState() == state ? 1 : 0,
                    tags.and("state", state.name().toLowerCase(Locale.ROOT)));
        }
        counter(registry, "cistern.connections.leaks", "Borrows held past leakDetectionThreshold",
                stats, PoolStats::leaksDetected, tags.and("kind", "detected"));
        counter(registry, "cistern.connections.leaks", "Connections taken back past leakReclaimThreshold",
                stats, PoolStats::leaksReclaimed, tags.and("kind", "reclaimed"));
        gauge(registry, "cistern.connections.scale", "The size the pool may grow to now (autoscaler's maximum)",
                stats, s -> s.effectiveMaximumPoolSize(), tags);
        counter(registry, "cistern.connections.scale.changes", "Autoscaler decisions", stats,
                PoolStats::scaleUps, tags.and("direction", "up"));
        counter(registry, "cistern.connections.scale.changes", "Autoscaler decisions", stats,
                PoolStats::scaleDowns, tags.and("direction", "down"));
        counter(registry, "cistern.connections.refusals", "Borrows refused without waiting out connectionTimeout",
                stats, PoolStats::circuitRefusals, tags.and("reason", "circuit_open"));
        counter(registry, "cistern.connections.refusals", "Borrows refused without waiting out connectionTimeout",
                stats, PoolStats::suspendedRefusals, tags.and("reason", "suspended"));
        counter(registry, "cistern.connections.borrows", "Connections lent", stats, PoolStats::borrows, tags);
        gauge(registry, "cistern.connections.utilization", "Connections in use as a share of maximumPoolSize",
                stats, PoolStats::utilization, tags);
        counter(registry, "cistern.connections.created", "Physical connections opened", stats, PoolStats::created,
                tags);
        counter(registry, "cistern.connections.destroyed", "Physical connections closed", stats,
                PoolStats::destroyed, tags);
        counter(registry, "cistern.connections.create_failures", "Failed connection attempts", stats,
                PoolStats::createFailures, tags);
        counter(registry, "cistern.connections.create_refusals", "Connection attempts the server refused, by reason",
                stats, PoolStats::serverFullRefusals, tags.and("reason", "server_full"));
        counter(registry, "cistern.connections.create_refusals", "Connection attempts the server refused, by reason",
                stats, PoolStats::wrongRoleRefusals, tags.and("reason", "wrong_role"));
        counter(registry, "cistern.failovers", "Servers found demoted, or primaries found moved (docs/failover.md)",
                stats, PoolStats::failovers, tags);
        gauge(registry, "cistern.failover.last", "The last failover: first refusal to first writable connection,"
                + " in seconds; -1 before one", stats, s -> s.lastFailoverTime() == null ? -1
                        : s.lastFailoverTime().toNanos() / 1e9, tags);
        counter(registry, "cistern.connections.validation_failures", "Connections found dead by a check", stats,
                PoolStats::validationFailures, tags);
    }

    // ---- HikariCP's names, for dashboards built for it ---------------------------------------------------

    private static void bindHikariNames(MeterRegistry registry, CachedStats stats, Tags tags) {
        gauge(registry, "hikaricp.connections", "Total connections", stats, s -> s.total(), tags);
        gauge(registry, "hikaricp.connections.active", "Active connections", stats, s -> s.active(), tags);
        gauge(registry, "hikaricp.connections.idle", "Idle connections", stats, s -> s.idle(), tags);
        gauge(registry, "hikaricp.connections.pending", "Pending threads", stats, s -> s.pending(), tags);
        gauge(registry, "hikaricp.connections.max", "Max connections", stats, s -> s.maximumPoolSize(), tags);
        gauge(registry, "hikaricp.connections.min", "Min connections", stats, s -> s.minimumIdle(), tags);
        counter(registry, "hikaricp.connections.timeout", "Connection timeout total count", stats,
                PoolStats::timeouts, tags);
        if (stats.get().latencyRecorded()) {
            hikariTimer(registry, "hikaricp.connections.acquire", "Connection acquire time", stats,
                    PoolStats::waitTime, PoolStats::recentWaitTime, tags);
            hikariTimer(registry, "hikaricp.connections.usage", "Connection usage time", stats,
                    PoolStats::useTime, PoolStats::recentUseTime, tags);
            hikariTimer(registry, "hikaricp.connections.creation", "Connection creation time", stats,
                    PoolStats::createTime, PoolStats::recentCreateTime, tags);
        }
    }

    /**
     * HikariCP records these as Micrometer timers, which Prometheus shows as {@code <name>_seconds_count},
     * {@code _sum} and {@code _max}: the same three here (the max over the recent window).
     */
    private static void hikariTimer(MeterRegistry registry, String name, String description, CachedStats stats,
            Function<PoolStats, Latency> sinceStart, Function<PoolStats, Latency> recent, Tags tags) {
        timer(registry, name, description, stats, sinceStart, tags);
        // A plain gauge with the unit in its name, so that Prometheus shows it as <name>_seconds_max
        Gauge.builder(name + ".seconds.max", stats, s -> seconds(recent.apply(stats.get()).max()))
                .description(description + ": the longest over the recent window").tags(tags).register(registry);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Count and total since start, from the pool's histogram: exact rates and averages. */
    private static void timer(MeterRegistry registry, String name, String description, CachedStats stats,
            Function<PoolStats, Latency> sinceStart, Tags tags) {
        FunctionTimer.builder(name, stats, s -> sinceStart.apply(stats.get()).count(),
                        s -> seconds(sinceStart.apply(stats.get()).total()), TimeUnit.SECONDS)
                .description(description).tags(tags).register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String description, CachedStats stats,
            ToDoubleFunction<PoolStats> value, Tags tags) {
        Gauge.builder(name, stats, s -> value.applyAsDouble(stats.get())).description(description).tags(tags)
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, CachedStats stats,
            ToDoubleFunction<PoolStats> value, Tags tags) {
        FunctionCounter.builder(name, stats, s -> value.applyAsDouble(stats.get())).description(description).tags(tags)
                .register(registry);
    }

    private static Duration percentile(Latency latency, double phi) {
        return phi == 0.5 ? latency.p50() : phi == 0.95 ? latency.p95() : latency.p99();
    }

    private static String phiText(double phi) {
        return phi == 0.5 ? "0.5" : phi == 0.95 ? "0.95" : "0.99";
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
