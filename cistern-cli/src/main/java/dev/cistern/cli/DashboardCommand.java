package dev.cistern.cli;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.dashboard.CisternDashboard;
import dev.cistern.internal.Secrets;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cistern dashboard}: starts a pool (latency recording on) and the dashboard for it, optionally with
 * clients running a light query in a loop, and serves until interrupted (or for {@code --duration}).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true, versionProvider = CisternVersion.class,
        description = "Start a pool and its live dashboard (/, /metrics, /health, /api/stats); with --load, also"
                + " clients that run a light query in a loop. Serves until interrupted.")
final class DashboardCommand implements Callable<Integer> {
    static final String TOKEN_VARIABLE = "CISTERN_DASHBOARD_TOKEN";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DatabaseOptions database;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to serve on, 0 to 65535; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Any other than loopback needs a"
                    + " token, from --token or the " + TOKEN_VARIABLE + " environment variable.")
    String bind;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token the dashboard requires (16 to 256"
            + " letters, digits and -._~+/=); prefer the " + TOKEN_VARIABLE + " environment variable, which"
            + " other users of the machine cannot see.")
    String token;

    @Option(names = "--load", paramLabel = "CLIENTS", defaultValue = "0",
            description = "Clients running a light query in a loop, 0 to 10000 (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--think-time", paramLabel = "MS", defaultValue = "5",
            description = "Each client pauses up to this many milliseconds (at random) between queries,"
                    + " 0 to 60000 (default: ${DEFAULT-VALUE}).")
    long thinkMillis;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds; 0 serves until interrupted (default: ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Override
    public Integer call() throws Exception {
        validate();
        String secret = token != null ? token : System.getenv(TOKEN_VARIABLE);
        PoolConfig config = database.pool("dashboard")
                .leakDetectionThreshold(Duration.ofSeconds(30))
                .build();
        PrintWriter out = spec.commandLine().getOut();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> { // Ctrl+C: stop the clients, and let the pool close before the JVM ends
            running.set(false);
            stopped.countDown();
            try {
                closed.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cistern-dashboard-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread[] load = new Thread[clients];
        try (CisternDataSource dataSource = new CisternDataSource(config);
             CisternDashboard dashboard = startDashboard(dataSource, secret)) {
            for (int i = 0; i < clients; i++) {
                load[i] = new Thread(() -> runClient(dataSource, running), "cistern-load-" + (i + 1));
                load[i].setDaemon(true);
                load[i].start();
            }
            out.println("Cistern dashboard for " + Secrets.maskUrl(database.jdbcUrl) + " at " + dashboard.url()
                    + (secret != null ? " (send the token: Authorization: Bearer <token>, or open ?token=<token>)" : "")
                    + (clients > 0 ? "; " + clients + " client" + (clients == 1 ? "" : "s") + " running" : "")
                    + "; press Ctrl+C to stop");
            out.flush();
            if (durationSeconds > 0) {
                stopped.await(durationSeconds, TimeUnit.SECONDS);
            } else {
                stopped.await();
            }
            running.set(false);
            for (Thread client : load) {
                if (client != null) {
                    client.join(TimeUnit.SECONDS.toMillis(10));
                }
            }
        } finally {
            running.set(false);
            closed.countDown(); // the pool and the dashboard are closed by now
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: nothing to remove
            }
        }
        return 0;
    }

    private CisternDashboard startDashboard(CisternDataSource dataSource, String secret) {
        try {
            CisternDashboard.Builder builder = CisternDashboard.builder().port(port).bindAddress(bind).pool(dataSource);
            if (secret != null) {
                builder.token(secret);
            }
            return builder.start();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage().replace("bindAddress", "--bind").replace("token must", "--token must")
                    .replace("port must", "--port must"));
        }
    }

    /** One client: borrow, run a light query, give back, pause; a failure is shown on the page, not here. */
    private void runClient(CisternDataSource dataSource, AtomicBoolean running) {
        while (running.get()) {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement query = connection.prepareStatement("SELECT 1");
                 ResultSet result = query.executeQuery()) {
                result.next();
            } catch (SQLException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // the database is down: don't spin
            }
            if (thinkMillis > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(thinkMillis + 1)));
            }
        }
    }

    private void validate() {
        if (port < 0 || port > 65535) {
            throw usage("--port must be between 0 and 65535; was " + port);
        }
        if (clients < 0 || clients > 10_000) {
            throw usage("--load must be between 0 and 10000; was " + clients);
        }
        if (thinkMillis < 0 || thinkMillis > 60_000) {
            throw usage("--think-time must be between 0 and 60000 ms; was " + thinkMillis);
        }
        if (durationSeconds < 0) {
            throw usage("--duration must be 0 (until interrupted) or more seconds; was " + durationSeconds);
        }
        database.validate(spec.commandLine());
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
