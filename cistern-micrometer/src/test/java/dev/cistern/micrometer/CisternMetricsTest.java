package dev.cistern.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.testkit.prometheus.PrometheusText;
import dev.cistern.testkit.stub.StubDatabase;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters as a registry sees them, and as Prometheus scrapes them (the text parsed back). */
class CisternMetricsTest {
    private final StubDatabase db = StubDatabase.create();
    private CisternDataSource ds;

    @AfterEach
    void close() {
        if (ds != null) {
            ds.close();
        }
        assertThat(db.openConnectionCount()).isZero();
    }

    private CisternDataSource pool(String name, boolean latency) {
        return new CisternDataSource(PoolConfig.builder().jdbcUrl(db.url()).poolName(name).maximumPoolSize(3)
                .minimumIdle(1).password("s3cret-pw").metricsLatency(latency).build());
    }

    @Test
    void openTelemetryNamesCountConnectionsByState() throws Exception {
        ds = pool("orders", true);
        MeterRegistry registry = new SimpleMeterRegistry();
        new CisternMetrics(ds).bindTo(registry);
        try (Connection held = ds.getConnection()) {
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(gauge(registry, "db.client.connection.count", "db.client.connection.state", "used"))
                        .isEqualTo(1.0);
                assertThat(gauge(registry, "db.client.connection.count", "db.client.connection.state", "idle"))
                        .isEqualTo(0.0);
            });
            assertThat(registry.get("db.client.connection.max").tag(CisternMetrics.OTEL_POOL_TAG, "orders").gauge()
                    .value()).isEqualTo(3.0);
            assertThat(registry.get("db.client.connection.idle.min").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("db.client.connection.idle.max").gauge().value()).isEqualTo(3.0);
            assertThat(registry.get("db.client.connection.pending_requests").gauge().value()).isZero();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(30));
        }
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            FunctionTimer use = registry.get("db.client.connection.use_time").functionTimer();
            assertThat(use.count()).isEqualTo(1.0);
            assertThat(use.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(29.0);
            assertThat(registry.get("db.client.connection.use_time.max").timeGauge().value(TimeUnit.MILLISECONDS))
                    .isGreaterThanOrEqualTo(29.0);
            assertThat(registry.get("db.client.connection.use_time.percentile").tag("phi", "0.99").timeGauge()
                    .value(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(29.0);
        });
        assertThat(registry.get("db.client.connection.wait_time").functionTimer().count()).isEqualTo(1.0);
        assertThat(registry.get("db.client.connection.create_time").functionTimer().count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get("db.client.connection.timeouts").functionCounter().count()).isZero();
    }

    @Test
    void durationMetersNeedLatencyRecordingOnThePool() {
        ds = pool("plain", false);
        MeterRegistry registry = new SimpleMeterRegistry();
        new CisternMetrics(ds).withHikariNames().bindTo(registry);
        assertThat(registry.find("db.client.connection.wait_time").meters()).isEmpty();
        assertThat(registry.find("hikaricp.connections.acquire").meters()).isEmpty();
        assertThat(registry.find("db.client.connection.count").meters()).hasSize(2);
        assertThat(registry.find("hikaricp.connections.active").meters()).hasSize(1);
    }

    @Test
    void cisternsOwnMetersShowTheCircuitLeaksAndRefusals() throws Exception {
        ds = pool("own", false);
        MeterRegistry registry = new SimpleMeterRegistry();
        new CisternMetrics(ds).withTags(Tags.of("app", "shop")).bindTo(registry);
        assertThat(registry.get("cistern.connections.circuit.state").tags("state", "closed", "app", "shop").gauge()
                .value()).isEqualTo(1.0);
        assertThat(registry.get("cistern.connections.circuit.state").tag("state", "open").gauge().value()).isZero();
        ds.getConnection().close();
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(registry.get("cistern.connections.borrows").functionCounter().count()).isEqualTo(1.0));
        assertThat(registry.get("cistern.connections.refusals").tag("reason", "circuit_open").functionCounter().count())
                .isZero();
        assertThat(registry.get("cistern.connections.leaks").tag("kind", "detected").functionCounter().count()).isZero();
        assertThat(registry.get("cistern.connections.scale").gauge().value()).isEqualTo(3.0);
        assertThat(registry.get("cistern.connections.oldest_wait").timeGauge().value(TimeUnit.SECONDS)).isZero();
    }

    /** What a HikariCP dashboard queries, scraped from Micrometer's Prometheus registry and parsed back. */
    @Test
    void hikariNamesScrapeAsHikariCPsOwnDo() throws Exception {
        ds = pool("legacy", true);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new CisternMetrics(ds).withHikariNames().bindTo(registry);
        try (Connection held = ds.getConnection()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250)); // past the stats cache
            PrometheusText scrape = PrometheusText.parse(registry.scrape());
            assertThat(scrape.value("hikaricp_connections_active", "pool", "legacy")).isEqualTo(1.0);
            assertThat(scrape.value("hikaricp_connections_idle", "pool", "legacy")).isEqualTo(0.0);
            assertThat(scrape.value("hikaricp_connections_max", "pool", "legacy")).isEqualTo(3.0);
            assertThat(scrape.value("hikaricp_connections_min", "pool", "legacy")).isEqualTo(1.0);
            assertThat(scrape.value("hikaricp_connections_pending", "pool", "legacy")).isEqualTo(0.0);
            assertThat(scrape.value("hikaricp_connections", "pool", "legacy")).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape.value("hikaricp_connections_timeout_total", "pool", "legacy")).isEqualTo(0.0);
            assertThat(scrape.value("hikaricp_connections_acquire_seconds_count", "pool", "legacy")).isEqualTo(1.0);
            assertThat(scrape.value("hikaricp_connections_acquire_seconds_sum", "pool", "legacy")).isGreaterThanOrEqualTo(0.0);
            assertThat(scrape.value("hikaricp_connections_acquire_seconds_max", "pool", "legacy")).isGreaterThanOrEqualTo(0.0);
            assertThat(scrape.value("hikaricp_connections_creation_seconds_count", "pool", "legacy")).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape.has("hikaricp_connections_usage_seconds_count")).isTrue();
            assertThat(scrape.type("hikaricp_connections_active")).isEqualTo("gauge");
            assertThat(scrape.type("hikaricp_connections_timeout_total")).isEqualTo("counter");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        PrometheusText scrape = PrometheusText.parse(registry.scrape());
        assertThat(scrape.value("hikaricp_connections_usage_seconds_count", "pool", "legacy")).isEqualTo(1.0);
        assertThat(scrape.value("db_client_connection_count", "db_client_connection_pool_name", "legacy",
                "db_client_connection_state", "idle")).isGreaterThanOrEqualTo(1.0);
        assertThat(scrape.value("db_client_connection_use_time_seconds_count", "db_client_connection_pool_name",
                "legacy")).isEqualTo(1.0);
        assertThat(scrape.value("db_client_connection_wait_time_percentile_seconds", "db_client_connection_pool_name",
                "legacy", "phi", "0.99")).isGreaterThanOrEqualTo(0.0);
        assertThat(scrape.value("cistern_connections_circuit_state", "pool", "legacy", "state", "closed")).isEqualTo(1.0);
        assertThat(scrape.text()).doesNotContain("s3cret-pw");
    }

    @Test
    void needsAPool() {
        assertThatThrownBy(CisternMetrics::new).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CisternMetrics needs at least one pool");
    }

    @Test
    void severalPoolsAreToldApartByTheirTag() throws Exception {
        ds = pool("first", false);
        try (CisternDataSource second = pool("second", false)) {
            MeterRegistry registry = new SimpleMeterRegistry();
            new CisternMetrics(ds, second).bindTo(registry);
            assertThat(registry.find("db.client.connection.max").meters()).hasSize(2);
            assertThat(registry.get("db.client.connection.max").tag(CisternMetrics.OTEL_POOL_TAG, "second").gauge()
                    .value()).isEqualTo(3.0);
        }
    }

    private static double gauge(MeterRegistry registry, String name, String tag, String value) {
        return registry.get(name).tag(tag, value).gauge().value();
    }
}
