package dev.cistern.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.testkit.prometheus.PrometheusText;
import dev.cistern.testkit.stub.StubDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The dashboard's endpoints over real HTTP, against pools on the stub driver. */
class DashboardEndpointsTest {
    private static final String PASSWORD = "pw-never-shown-9731";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StubDatabase db = StubDatabase.create();
    private final HttpClient http = HttpClient.newHttpClient();
    private CisternDataSource orders;
    private CisternDataSource reports;
    private CisternDashboard dashboard;

    @AfterEach
    void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        if (orders != null) {
            orders.close();
        }
        if (reports != null) {
            reports.close();
        }
        assertThat(db.openConnectionCount()).isZero();
    }

    private CisternDataSource pool(String name, boolean latency) {
        return new CisternDataSource(PoolConfig.builder().jdbcUrl(db.url() + "?password=" + PASSWORD).poolName(name)
                .password(PASSWORD).maximumPoolSize(2).minimumIdle(1).metricsLatency(latency)
                .connectionTimeout(Duration.ofMillis(300)).maxRetries(0)
                .circuitBreakerFailureThreshold(1).circuitBreakerOpenDuration(Duration.ofMillis(300)).build());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(dashboard.url().resolve(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAreValidExpositionWithEveryPoolsFamilies() throws Exception {
        orders = pool("orders", true);
        reports = pool("reports", false);
        dashboard = CisternDashboard.start(0, orders, reports);
        try (Connection c = orders.getConnection()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PrometheusExposition.CONTENT_TYPE);
        PrometheusText metrics = PrometheusText.parse(response.body());
        assertThat(metrics.value("db_client_connection_count", "db_client_connection_pool_name", "orders",
                "db_client_connection_state", "idle")).isGreaterThanOrEqualTo(1.0);
        assertThat(metrics.value("db_client_connection_max", "db_client_connection_pool_name", "reports")).isEqualTo(2.0);
        assertThat(metrics.type("db_client_connection_use_time_seconds")).isEqualTo("histogram");
        assertThat(metrics.value("db_client_connection_use_time_seconds_count", "db_client_connection_pool_name",
                "orders")).isEqualTo(1.0);
        assertThat(metrics.value("db_client_connection_use_time_seconds_bucket", "db_client_connection_pool_name",
                "orders", "le", "0.001")).as("a 20 ms hold is not under 1 ms").isZero();
        assertThat(metrics.value("db_client_connection_use_time_seconds_bucket", "db_client_connection_pool_name",
                "orders", "le", "+Inf")).isEqualTo(1.0);
        assertThat(metrics.has("db_client_connection_use_time_seconds_bucket")).isTrue();
        assertThat(metrics.samples()).noneMatch(s -> s.name().startsWith("db_client_connection_wait_time")
                && "reports".equals(s.labels().get("db_client_connection_pool_name")));
        assertThat(metrics.value("cistern_pool_health", "pool", "orders", "status", "up")).isEqualTo(1.0);
        assertThat(metrics.value("cistern_connections_circuit_state", "pool", "reports", "state", "closed")).isEqualTo(1.0);
        assertThat(metrics.value("cistern_connections_borrows_total", "pool", "orders")).isEqualTo(1.0);
        assertThat(response.body()).doesNotContain(PASSWORD);
        promtoolAccepts(response.body());
    }

    /**
     * Prometheus's own checker, where installed; CI installs it, so there it must be present. Exit 1 is a
     * parse error; exit 3 lists style lints, of which one is expected: OpenTelemetry names a gauge
     * {@code db.client.connection.count}, and promtool's lint dislikes a gauge ending in {@code _count}.
     */
    private static void promtoolAccepts(String exposition) throws Exception {
        Path promtool = onPath("promtool");
        boolean inCi = "true".equals(System.getenv("CI"));
        if (promtool == null) {
            assertThat(inCi).as("promtool must be installed in CI (.ci/run does it)").isFalse();
            Assumptions.abort("promtool is not installed here; the strict parser above checked the text");
        }
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(exposition.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as("promtool check metrics said:\n" + output).isIn(0, 3);
        assertThat(output.lines().filter(line -> !line.isBlank()))
                .as("promtool's lints").allMatch(line -> line.equals(
                        "db_client_connection_count non-histogram and non-summary metrics should not have \"_count\" suffix"));
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void healthTurns503WhenTheDatabaseGoesDownAnd200WhenItIsBack() throws Exception {
        orders = pool("orders", false);
        dashboard = CisternDashboard.start(0, orders);
        HttpResponse<String> up = get("/health");
        assertThat(up.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(up.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("pools").get(0).get("name").asText()).isEqualTo("orders");

        db.failAllConnects(true);
        orders.softEvictConnections(); // the idle connection goes, and its replacement cannot be opened
        await().atMost(10, TimeUnit.SECONDS).until(() -> get("/health").statusCode() == 503);
        HttpResponse<String> down = get("/health");
        JsonNode downBody = JSON.readTree(down.body());
        assertThat(downBody.get("status").asText()).isEqualTo("DOWN");
        assertThat(downBody.get("pools").get(0).get("reasons").get(0).asText()).contains("circuit breaker is open");
        assertThat(down.body()).doesNotContain(PASSWORD);
        assertThat(get("/health/orders").statusCode()).isEqualTo(503);

        db.failAllConnects(false);
        await().atMost(10, TimeUnit.SECONDS).until(() -> get("/health").statusCode() == 200);
        assertThat(get("/health/orders").statusCode()).isEqualTo(200);
        assertThat(get("/health/nosuch").statusCode()).isEqualTo(404);
    }

    @Test
    void statsCarryEveryPoolsFiguresHealthLeaksAndDecisions() throws Exception {
        orders = pool("orders", true);
        dashboard = CisternDashboard.start(0, orders);
        orders.getConnection().close();
        HttpResponse<String> response = get("/api/stats");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Resources.JSON);
        JsonNode pool = JSON.readTree(response.body()).get("pools").get(0);
        assertThat(pool.get("name").asText()).isEqualTo("orders");
        assertThat(pool.get("health").get("status").asText()).isEqualTo("UP");
        assertThat(pool.get("stats").get("borrows").asLong()).isEqualTo(1);
        assertThat(pool.get("stats").has("recent_wait_p99_ms")).isTrue();
        assertThat(pool.get("leaks").isArray()).isTrue();
        assertThat(pool.get("scale_decisions").isArray()).isTrue();
        assertThat(response.body()).doesNotContain(PASSWORD);
    }

    @Test
    void thePageAndItsFilesAreServedFromTheJar() throws Exception {
        orders = pool("orders", false);
        dashboard = CisternDashboard.start(0, orders);
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"vendor/uPlot.iife.min.js\">");
        for (String file : List.of("/dashboard.js", "/dashboard.css", "/vendor/uPlot.iife.min.js", "/vendor/uPlot.min.css")) {
            HttpResponse<String> asset = get(file);
            assertThat(asset.statusCode()).as(file).isEqualTo(200);
            assertThat(asset.body()).as(file).isNotBlank();
        }
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(dashboard.url().resolve("/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void aTokenGuardsEveryPathAndItsCookieLetsTheBrowserIn() throws Exception {
        orders = pool("orders", false);
        String token = "t0ken-for-the-dashboard-1234";
        dashboard = CisternDashboard.builder().port(0).token(token).pool(orders).start();
        for (String path : List.of("/", "/metrics", "/health", "/api/stats", "/dashboard.js")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "Bearer wrong-token-wrong-token").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "Bearer " + token).statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> withQuery = get("/?token=" + token);
        assertThat(withQuery.statusCode()).isEqualTo(200);
        String cookie = withQuery.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        HttpResponse<String> byCookie = http.send(HttpRequest.newBuilder(dashboard.url().resolve("/api/stats"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(byCookie.statusCode()).isEqualTo(200);
    }

    @Test
    void badSettingsAreRefusedWithTheirReason() {
        orders = pool("orders", false);
        assertThatThrownBy(() -> CisternDashboard.builder().port(0).bindAddress("0.0.0.0").pool(orders).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindAddress 0.0.0.0 is reachable from other machines: set a token");
        assertThatThrownBy(() -> CisternDashboard.builder().port(0).token("short").pool(orders).start())
                .hasMessageContaining("token must be 16 to 256 characters");
        assertThatThrownBy(() -> CisternDashboard.builder().port(70000).pool(orders).start())
                .hasMessage("port must be between 0 and 65535; was 70000");
        assertThatThrownBy(() -> CisternDashboard.builder().port(0).start())
                .hasMessage("a dashboard needs at least one pool");
        assertThatThrownBy(() -> CisternDashboard.builder().port(0).pool(orders).pool(orders).start())
                .hasMessageContaining("two pools are named 'orders'");
        assertThatThrownBy(() -> CisternDashboard.builder().port(0).bindAddress("no-such-host.invalid").pool(orders)
                .start()).hasMessageContaining("bindAddress 'no-such-host.invalid' is not an address of this machine");
    }

    @Test
    void anOpenPortIsNamedWhenTaken() {
        orders = pool("orders", false);
        dashboard = CisternDashboard.start(0, orders);
        assertThatThrownBy(() -> CisternDashboard.start(dashboard.port(), orders))
                .hasMessageContaining("could not listen on 127.0.0.1:" + dashboard.port());
        assertThat(URI.create(dashboard.url().toString()).getHost()).isEqualTo("127.0.0.1");
    }
}
