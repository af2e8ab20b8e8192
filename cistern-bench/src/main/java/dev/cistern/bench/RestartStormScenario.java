package dev.cistern.bench;

import dev.cistern.testkit.db.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A restart storm, side by side: eight pools of 10 (one JVM here: the pace is each pool's own) under a light
 * borrowing load against a real PostgreSQL 17 that restarts. Sessions are sampled from the server every 100 ms;
 * for each pool type: the most sessions opened in any one second after the restart (the storm the server
 * sees), how long until all 80 are back, and the borrows that failed meanwhile. {@code cistern-bench/run.sh fleet}
 * runs it after {@link FleetScenario}.
 */
public final class RestartStormScenario {
    private static final int POOLS = 8;
    private static final int SIZE = 10;

    private RestartStormScenario() {
    }

    public static void main(String[] args) throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            server.createRole("app");
            System.out.println("| pool | most sessions opened in one second after the restart | all " + POOLS * SIZE
                    + " back after | borrows failed during the restart |");
            System.out.println("|---|---|---|---|");
            for (String pool : List.of("hikari", "agroal", "cistern")) {
                run(server, pool);
            }
        }
    }

    private static void run(PostgresServer server, String pool) throws Exception {
        List<DataSource> pools = new ArrayList<>();
        for (int i = 0; i < POOLS; i++) {
            pools.add(FleetMember.open(pool, server.jdbcUrl(), "app", "storm-" + i, SIZE));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong failed = new AtomicLong();
        ExecutorService load = Executors.newFixedThreadPool(POOLS * 2);
        for (DataSource ds : pools) {
            for (int t = 0; t < 2; t++) {
                load.execute(() -> {
                    while (running.get()) {
                        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                            s.execute("SELECT pg_sleep(0.005)");
                        } catch (SQLException e) {
                            failed.incrementAndGet();
                        }
                    }
                });
            }
        }
        awaitSessions(server, POOLS * SIZE, 30);
        long failedBefore = failed.get();
        server.restart();
        long restarted = System.nanoTime();
        List<long[]> samples = new ArrayList<>(); // {ms since the restart, sessions}
        long back = -1;
        while (System.nanoTime() - restarted < TimeUnit.SECONDS.toNanos(60)) {
            int sessions = sessions(server);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
            samples.add(new long[] {ms, sessions});
            if (sessions >= POOLS * SIZE) {
                back = ms;
                break;
            }
            Thread.sleep(100);
        }
        long failedDuring = failed.get() - failedBefore;
        running.set(false);
        load.shutdown();
        load.awaitTermination(30, TimeUnit.SECONDS);
        for (DataSource ds : pools) {
            ((AutoCloseable) ds).close();
        }
        long most = 0;
        for (int i = 0; i < samples.size(); i++) {
            for (int j = i; j < samples.size() && samples.get(j)[0] - samples.get(i)[0] <= 1000; j++) {
                most = Math.max(most, samples.get(j)[1] - samples.get(i)[1]);
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %d |%n", pool, most,
                back < 0 ? "not within 60 s" : String.format(Locale.ROOT, "%.1f s", back / 1000.0), failedDuring);
        awaitSessions(server, 0, 30);
    }

    private static void awaitSessions(PostgresServer server, int wanted, int seconds) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            int now = sessions(server);
            if (wanted == 0 ? now == 0 : now >= wanted) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** The application's sessions now; 0 while the server is down. */
    private static int sessions(PostgresServer server) {
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = 'app'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return 0;
        }
    }
}
