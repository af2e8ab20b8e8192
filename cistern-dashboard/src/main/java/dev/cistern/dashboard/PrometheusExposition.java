package dev.cistern.dashboard;

import dev.cistern.CircuitState;
import dev.cistern.Latency;
import dev.cistern.PoolHealth;
import dev.cistern.PoolStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The {@code /metrics} page: every pool in Prometheus's text format (0.0.4), with the names the Micrometer
 * binder gives, Prometheus-style: OpenTelemetry's {@code db_client_connection_*} (label
 * {@code db_client_connection_pool_name}) and Cistern's {@code cistern_*} (label {@code pool}). The three
 * durations are real histograms ({@code _bucket}, {@code _sum}, {@code _count}, in seconds) when the pool
 * records latency. Samples of one family are written together, as the format requires.
 */
final class PrometheusExposition {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OTEL_POOL = "db_client_connection_pool_name";

    /** A pool's name and one snapshot of its stats and health. */
    record Snapshot(String name, PoolStats stats, PoolHealth health) {
    }

    private final List<Snapshot> pools;
    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusExposition(List<Snapshot> pools) {
        this.pools = pools;
    }

    static String write(List<Snapshot> pools) {
        return new PrometheusExposition(pools).all();
    }

    private String all() {
        family("db_client_connection_count", "gauge", "Connections in the state given by the state label");
        for (Snapshot pool : pools) {
            sample("db_client_connection_count", otel(pool, "db_client_connection_state", "idle"), pool.stats().idle());
            sample("db_client_connection_count", otel(pool, "db_client_connection_state", "used"), pool.stats().active());
        }
        otelGauge("db_client_connection_max", "The most connections the pool may hold", PoolStats::maximumPoolSize);
        otelGauge("db_client_connection_idle_max", "The most idle connections the pool may keep", PoolStats::maximumPoolSize);
        otelGauge("db_client_connection_idle_min", "The idle connections the pool keeps ready", PoolStats::minimumIdle);
        otelGauge("db_client_connection_pending_requests", "Borrowers waiting for a connection now", PoolStats::pending);
        family("db_client_connection_timeouts_total", "counter", "Borrows that timed out waiting for a connection");
        for (Snapshot pool : pools) {
            sample("db_client_connection_timeouts_total", otel(pool), pool.stats().timeouts());
        }
        histogram("db_client_connection_create_time_seconds", "Time to open a connection", PoolStats::createTime);
        histogram("db_client_connection_wait_time_seconds", "Time borrowers waited for a connection", PoolStats::waitTime);
        histogram("db_client_connection_use_time_seconds", "Time borrowers held a connection", PoolStats::useTime);
        recentPercentiles("db_client_connection_wait_time_percentile_seconds",
                "Wait time percentile over the recent window", PoolStats::recentWaitTime);
        recentPercentiles("db_client_connection_use_time_percentile_seconds",
                "Use time percentile over the recent window", PoolStats::recentUseTime);

        family("cistern_connections_oldest_wait_seconds", "gauge", "How long the longest-waiting borrower has waited so far");
        for (Snapshot pool : pools) {
            sample("cistern_connections_oldest_wait_seconds", own(pool), seconds(pool.stats().oldestWaiterAge()));
        }
        family("cistern_connections_circuit_state", "gauge", "1 for the circuit breaker's current state, else 0");
        for (Snapshot pool : pools) {
            for (CircuitState state : CircuitState.values()) {
                sample("cistern_connections_circuit_state", own(pool, "state", state.name().toLowerCase(Locale.ROOT)),
                        pool.stats().circuitState() == state ? 1 : 0);
            }
        }
        family("cistern_pool_health", "gauge", "1 for the pool's current health (up, degraded, down), else 0");
        for (Snapshot pool : pools) {
            for (PoolHealth.Status status : PoolHealth.Status.values()) {
                sample("cistern_pool_health", own(pool, "status", status.name().toLowerCase(Locale.ROOT)),
                        pool.health().status() == status ? 1 : 0);
            }
        }
        labelledCounter("cistern_connections_leaks_total", "Borrows held too long, by kind", "kind",
                "detected", PoolStats::leaksDetected, "reclaimed", PoolStats::leaksReclaimed);
        ownGauge("cistern_connections_scale", "The size the pool may grow to now (autoscaler's maximum)",
                PoolStats::effectiveMaximumPoolSize);
        labelledCounter("cistern_connections_scale_changes_total", "Autoscaler decisions", "direction",
                "up", PoolStats::scaleUps, "down", PoolStats::scaleDowns);
        labelledCounter("cistern_connections_refusals_total", "Borrows refused without waiting out connectionTimeout",
                "reason", "circuit_open", PoolStats::circuitRefusals, "suspended", PoolStats::suspendedRefusals);
        ownCounter("cistern_connections_borrows_total", "Connections lent", PoolStats::borrows);
        ownGauge("cistern_connections_utilization", "Connections in use as a share of maximumPoolSize",
                PoolStats::utilization);
        ownCounter("cistern_connections_created_total", "Physical connections opened", PoolStats::created);
        ownCounter("cistern_connections_destroyed_total", "Physical connections closed", PoolStats::destroyed);
        ownCounter("cistern_connections_create_failures_total", "Failed connection attempts", PoolStats::createFailures);
        labelledCounter("cistern_connections_create_refusals_total", "Connection attempts the server refused, by reason",
                "reason", "server_full", PoolStats::serverFullRefusals, "wrong_role", PoolStats::wrongRoleRefusals);
        ownCounter("cistern_failovers_total", "Servers found demoted, or primaries found moved", PoolStats::failovers);
        ownGauge("cistern_failover_last_seconds", "The last failover: first refusal to first writable connection; -1"
                + " before one", s -> s.lastFailoverTime() == null ? -1 : s.lastFailoverTime().toNanos() / 1e9);
        ownCounter("cistern_connections_validation_failures_total", "Connections found dead by a check",
                PoolStats::validationFailures);
        return out.toString();
    }

    // ---- families ----------------------------------------------------------------------------------------

    private void otelGauge(String name, String help, ToDoubleFunction<PoolStats> value) {
        family(name, "gauge", help);
        for (Snapshot pool : pools) {
            sample(name, otel(pool), value.applyAsDouble(pool.stats()));
        }
    }

    private void ownGauge(String name, String help, ToDoubleFunction<PoolStats> value) {
        family(name, "gauge", help);
        for (Snapshot pool : pools) {
            sample(name, own(pool), value.applyAsDouble(pool.stats()));
        }
    }

    private void ownCounter(String name, String help, ToDoubleFunction<PoolStats> value) {
        family(name, "counter", help);
        for (Snapshot pool : pools) {
            sample(name, own(pool), value.applyAsDouble(pool.stats()));
        }
    }

    private void labelledCounter(String name, String help, String label, String first,
            ToDoubleFunction<PoolStats> firstValue, String second, ToDoubleFunction<PoolStats> secondValue) {
        family(name, "counter", help);
        for (Snapshot pool : pools) {
            sample(name, own(pool, label, first), firstValue.applyAsDouble(pool.stats()));
            sample(name, own(pool, label, second), secondValue.applyAsDouble(pool.stats()));
        }
    }

    /** A counter family with one labelled sample per pool (more label values come as more reasons are counted). */
    private void labelledCounter(String name, String help, String label, String value, ToDoubleFunction<PoolStats> count) {
        family(name, "counter", help);
        for (Snapshot pool : pools) {
            sample(name, own(pool, label, value), count.applyAsDouble(pool.stats()));
        }
    }

    /** A histogram family of the pools that record latency; nothing when none does. */
    private void histogram(String name, String help, Function<PoolStats, Latency> latency) {
        if (pools.stream().noneMatch(p -> p.stats().latencyRecorded())) {
            return;
        }
        family(name, "histogram", help);
        for (Snapshot pool : pools) {
            if (!pool.stats().latencyRecorded()) {
                continue;
            }
            Latency recorded = latency.apply(pool.stats());
            for (int i = 0; i < Latency.BUCKET_BOUNDS.size(); i++) {
                long count = recorded.buckets().isEmpty() ? 0 : recorded.buckets().get(i).count();
                sample(name + "_bucket", otel(pool, "le", bound(Latency.BUCKET_BOUNDS.get(i))), count);
            }
            sample(name + "_bucket", otel(pool, "le", "+Inf"), recorded.count());
            sample(name + "_sum", otel(pool), seconds(recorded.total()));
            sample(name + "_count", otel(pool), recorded.count());
        }
    }

    private void recentPercentiles(String name, String help, Function<PoolStats, Latency> latency) {
        if (pools.stream().noneMatch(p -> p.stats().latencyRecorded())) {
            return;
        }
        family(name, "gauge", help);
        for (Snapshot pool : pools) {
            if (!pool.stats().latencyRecorded()) {
                continue;
            }
            Latency recent = latency.apply(pool.stats());
            sample(name, otel(pool, "phi", "0.5"), seconds(recent.p50()));
            sample(name, otel(pool, "phi", "0.95"), seconds(recent.p95()));
            sample(name, otel(pool, "phi", "0.99"), seconds(recent.p99()));
        }
    }

    // ---- lines -------------------------------------------------------------------------------------------

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    private static String otel(Snapshot pool, String... more) {
        return labels(OTEL_POOL, pool.name(), more);
    }

    private static String own(Snapshot pool, String... more) {
        return labels("pool", pool.name(), more);
    }

    private static String labels(String poolLabel, String poolName, String[] more) {
        StringBuilder labels = new StringBuilder("{").append(poolLabel).append("=\"").append(escape(poolName)).append('"');
        for (int i = 0; i + 1 < more.length; i += 2) {
            labels.append(',').append(more[i]).append("=\"").append(escape(more[i + 1])).append('"');
        }
        return labels.append('}').toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** A bucket's upper bound in seconds, written plainly ("0.0001", "2.5", "60"). */
    private static String bound(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
