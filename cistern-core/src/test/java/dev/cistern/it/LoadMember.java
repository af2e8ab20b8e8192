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
import java.time.Duration;
import java.util.Map;
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
 * <p>Arguments: jdbcUrl user poolName maximumPoolSize minimumIdle threads loadMillis queryMillis
 * connectionTimeoutMillis.
 */
public final class LoadMember {
    private LoadMember() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String name = args[2];
        int maximum = Integer.parseInt(args[3]);
        int minimumIdle = Integer.parseInt(args[4]);
        int threads = Integer.parseInt(args[5]);
        long loadMillis = Long.parseLong(args[6]);
        long queryMillis = Long.parseLong(args[7]);
        long connectionTimeoutMillis = Long.parseLong(args[8]);
        PoolConfig config = PoolConfig.builder().jdbcUrl(url).username(user).password("any").poolName(name)
                .maximumPoolSize(maximum).minimumIdle(minimumIdle)
                .connectionTimeout(Duration.ofMillis(connectionTimeoutMillis))
                .initializationFailTimeout(Duration.ZERO).build();
        try (CisternDataSource ds = new CisternDataSource(config)) {
            long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ds.stats().total() < minimumIdle && System.nanoTime() < readyBy) {
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
            result.put("circuit", after.circuitState());
            StringBuilder line = new StringBuilder("RESULT");
            result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            System.out.println(line);
            System.out.flush();
        }
    }
}
