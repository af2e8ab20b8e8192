package dev.cistern.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cistern.CisternDataSource;
import dev.cistern.PoolHealth;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cistern's embeddable dashboard, on the JDK's own HTTP server:
 * <ul>
 *   <li>{@code /metrics}: every pool in Prometheus's text format;</li>
 *   <li>{@code /health} and {@code /health/<pool>}: UP, DEGRADED or DOWN with the reasons, as JSON; HTTP 200
 *       unless a pool is DOWN (503);</li>
 *   <li>{@code /api/stats}: every pool's stats, health, leak suspects and autoscaler decisions, as JSON;</li>
 *   <li>{@code /}: a live page charting the same, refreshed every second, with everything it needs served
 *       from this jar (it works with no internet).</li>
 * </ul>
 * <pre>{@code try (CisternDashboard dashboard = CisternDashboard.start(8080, dataSource)) { ... }}</pre>
 * It listens on 127.0.0.1 unless told otherwise, and any other address needs a bearer token: requests
 * must then carry {@code Authorization: Bearer <token>}, or {@code ?token=<token>} (which also sets a
 * cookie, so a browser can open {@code /?token=...} once). Nothing it serves contains a password.
 */
public final class CisternDashboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CisternDashboard.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final List<CisternDataSource> pools;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Access access;
    private final String host;

    private CisternDashboard(Builder b) throws IOException {
        this.pools = List.copyOf(b.pools);
        this.access = new Access(b.token);
        this.host = b.bindAddress;
        InetAddress address = InetAddress.getByName(b.bindAddress);
        this.server = HttpServer.create(new InetSocketAddress(address, b.port), 16);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "cistern-dashboard-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        log.info("Cistern dashboard for {} pool(s) at {}", pools.size(), url());
    }

    /** Starts a dashboard on 127.0.0.1 at {@code port} (0: any free port) for the given pools. */
    public static CisternDashboard start(int port, CisternDataSource... pools) {
        Builder builder = builder().port(port);
        for (CisternDataSource pool : pools) {
            builder.pool(pool);
        }
        return builder.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The page's address (without the token). */
    public URI url() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + shownHost + ":" + port() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving at once; the pools are not touched. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- requests ----------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD are served\n");
                return;
            }
            if (!access.allows(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"cistern\"");
                send(exchange, 401, "text/plain; charset=utf-8",
                        "this dashboard needs its token: Authorization: Bearer <token>, or ?token=<token>\n");
                return;
            }
            route(exchange, exchange.getRequestURI().getPath());
        } catch (RuntimeException e) {
            log.warn("Cistern dashboard: request {} failed", exchange.getRequestURI().getPath(), e);
            send(exchange, 500, "text/plain; charset=utf-8", "internal error\n");
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        switch (path) {
            case "/metrics" -> send(exchange, 200, PrometheusExposition.CONTENT_TYPE,
                    PrometheusExposition.write(StatsJson.snapshots(pools)));
            case "/health" -> {
                List<PrometheusExposition.Snapshot> snapshots = StatsJson.snapshots(pools);
                PoolHealth.Status worst = StatsJson.worst(snapshots);
                send(exchange, worst == PoolHealth.Status.DOWN ? 503 : 200, Resources.JSON,
                        Json.write(StatsJson.health(snapshots, worst)));
            }
            case "/api/stats" -> send(exchange, 200, Resources.JSON, Json.write(StatsJson.stats(pools)));
            default -> {
                if (path.startsWith("/health/")) {
                    onePoolsHealth(exchange, path.substring("/health/".length()));
                } else {
                    Resources.Asset asset = Resources.find(path);
                    if (asset == null) {
                        send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
                    } else {
                        exchange.getResponseHeaders().set("Content-Security-Policy",
                                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
                        sendBytes(exchange, 200, asset.contentType(), asset.bytes());
                    }
                }
            }
        }
    }

    private void onePoolsHealth(HttpExchange exchange, String name) throws IOException {
        for (CisternDataSource pool : pools) {
            if (pool.poolName().equals(name)) {
                PoolHealth health = pool.health();
                send(exchange, health.status() == PoolHealth.Status.DOWN ? 503 : 200, Resources.JSON,
                        Json.write(StatsJson.health(name, health)));
                return;
            }
        }
        send(exchange, 404, "text/plain; charset=utf-8", "no pool named '" + name + "' here\n");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        sendBytes(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    // ---- configuration -----------------------------------------------------------------------------------

    /** Settings of a dashboard; {@link #start()} checks them and starts it. */
    public static final class Builder {
        private int port = 8080;
        private String bindAddress = LOOPBACK;
        private String token;
        private final List<CisternDataSource> pools = new ArrayList<>();

        private Builder() {
        }

        /** 0 to 65535; 0 picks a free port ({@link CisternDashboard#port()} tells which). Default 8080. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The address to listen on; 127.0.0.1 by default. Any other needs a {@link #token}. */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress");
            return this;
        }

        /** A bearer token every request must carry: 16 to 256 letters, digits and - . _ ~ + / =. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder pool(CisternDataSource pool) {
            pools.add(Objects.requireNonNull(pool, "pool"));
            return this;
        }

        public CisternDashboard start() {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535; was " + port);
            }
            if (pools.isEmpty()) {
                throw new IllegalArgumentException("a dashboard needs at least one pool");
            }
            Set<String> names = new HashSet<>();
            for (CisternDataSource pool : pools) {
                if (!names.add(pool.poolName())) {
                    throw new IllegalArgumentException("two pools are named '" + pool.poolName()
                            + "': give each a poolName of its own");
                }
            }
            if (token != null && !Access.isWellFormed(token)) {
                throw new IllegalArgumentException("token must be " + Access.MIN_TOKEN_LENGTH + " to 256 characters of"
                        + " letters, digits and - . _ ~ + / =; was " + token.length() + " characters"
                        + (token.length() >= Access.MIN_TOKEN_LENGTH ? " with others among them" : ""));
            }
            if (token == null && !isLoopback(bindAddress)) {
                throw new IllegalArgumentException("bindAddress " + bindAddress + " is reachable from other machines:"
                        + " set a token (at least " + Access.MIN_TOKEN_LENGTH + " characters), or bind 127.0.0.1");
            }
            try {
                return new CisternDashboard(this);
            } catch (IOException e) {
                throw new UncheckedIOException("could not listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
            }
        }

        private static boolean isLoopback(String address) {
            try {
                return InetAddress.getByName(address).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bindAddress '" + address + "' is not an address of this machine", e);
            }
        }
    }
}
