package dev.cistern.it;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.PoolStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One application instance of a multi-process test: its own JVM, one Cistern pool, a borrowing load. It is
 * started by {@link MemberProcess}; it opens its pool, prints {@code READY total=N}, waits for a line on standard
 * input, runs the load and prints {@code RESULT key=value ...}, then closes its pool and exits.
 *
 * <p>Arguments: jdbcUrl user poolName threads loadMillis queryMillis, then any pool settings as
 * {@code key=value} ({@code maximumPoolSize=10}, {@code fleet.name=orders}, ...; the password is "any", which a
 * trusting PostgreSQL takes, and MariaDB's root needs {@code password=}). It is ready once it holds
 * its {@code minimumIdle} (or its fleet share, when smaller).
 */
public final class LoadMember {
    private LoadMember() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[3]);
        long loadMillis = Long.parseLong(args[4]);
        long queryMillis = Long.parseLong(args[5]);
        Properties settings = new Properties();
        settings.setProperty("jdbcUrl", url);
        settings.setProperty("username", args[1]);
        settings.setProperty("password", "any");
        settings.setProperty("poolName", args[2]);
        settings.setProperty("initializationFailTimeout", "0");
        for (int i = 6; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        PoolConfig config = PoolConfig.fromProperties(settings);
        int minimumIdle = config.minimumIdle();
        try (CisternDataSource ds = new CisternDataSource(config)) {
            long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // Ready at minimumIdle, or at the fleet share when that is smaller (a member starts at its floor).
            while (ds.stats().total() < Math.max(1, Math.min(minimumIdle, ds.stats().effectiveMaximumPoolSize()))
                    && System.nanoTime() < readyBy) {
                Thread.sleep(10);
            }
            System.out.println("READY total=" + ds.stats().total());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
            AtomicLong maxWaitNanos = new AtomicLong();
            PoolStats before = ds.stats();
            long start = System.nanoTime();
            long until = start + TimeUnit.MILLISECONDS.toNanos(loadMillis);
            ExecutorService workers = Executors.newFixedThreadPool(threads);
            String query = url.startsWith("jdbc:postgresql:") ? "SELECT pg_sleep(" + queryMillis / 1000.0 + ")"
                    : "SELECT SLEEP(" + queryMillis / 1000.0 + ")";
            for (int i = 0; i < threads; i++) {
                workers.execute(() -> {
                    while (System.nanoTime() < until) {
                        long asked = System.nanoTime();
                        String outcome = "served";
                        try (Connection c = ds.getConnection()) {
                            maxWaitNanos.accumulateAndGet(System.nanoTime() - asked, Math::max);
                            try (Statement s = c.createStatement()) {
                                s.execute(query);
                            }
                        } catch (SQLException e) {
                            maxWaitNanos.accumulateAndGet(System.nanoTime() - asked, Math::max);
                            outcome = e.getClass().getSimpleName() + "_" + e.getSQLState();
                        }
                        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                    }
                });
            }
            workers.shutdown();
            workers.awaitTermination(loadMillis + 60_000, TimeUnit.MILLISECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            PoolStats after = ds.stats();
            Map<String, Object> result = new TreeMap<>();
            outcomes.forEach((k, v) -> result.put("outcome." + k, v.get()));
            result.put("seconds", String.format(java.util.Locale.ROOT, "%.2f", seconds));
            result.put("maxWaitMs", TimeUnit.NANOSECONDS.toMillis(maxWaitNanos.get()));
            result.put("serverFullRefusals", after.serverFullRefusals() - before.serverFullRefusals());
            result.put("circuitRefusals", after.circuitRefusals());
            result.put("total", after.total());
            result.put("effectiveMaximum", after.effectiveMaximumPoolSize());
            result.put("circuit", after.circuitState());
            StringBuilder line = new StringBuilder("RESULT");
            result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            System.out.println(line);
            System.out.flush();
        }
    }
}
