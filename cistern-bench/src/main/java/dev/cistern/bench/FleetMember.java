package dev.cistern.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * One instance of a service in {@link FleetScenario}: its own JVM, one pool (Cistern, with or without a fleet
 * budget, or HikariCP), a borrowing load. Prints {@code READY} once a borrow succeeded (or after 5 s), waits for a line on
 * standard input, runs the load, prints {@code RESULT key=value ...} and exits.
 *
 * <p>Arguments: pool (cistern, cistern-fleet, hikari, agroal) jdbcUrl user member threads loadMillis queryMillis
 * maximumPoolSize.
 */
public final class FleetMember {
    private FleetMember() {
    }

    public static void main(String[] args) throws Exception {
        String pool = args[0];
        String url = args[1];
        String user = args[2];
        String member = args[3];
        int threads = Integer.parseInt(args[4]);
        long loadMillis = Long.parseLong(args[5]);
        long queryMillis = Long.parseLong(args[6]);
        int maximum = Integer.parseInt(args[7]);
        DataSource ds = open(pool, url, user, member, maximum);
        try {
            // Ready once a borrow succeeded, or after 5 s without one (a member the full server has no slot for).
            long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (boolean ready = false; !ready && System.nanoTime() < readyBy; ) {
                try (Connection c = ds.getConnection()) {
                    ready = c.isValid(5);
                } catch (SQLException e) {
                    Thread.sleep(50); // each try waits at most the pool's 5 s, so a last one may end past readyBy
                }
            }
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Long> waits = new ConcurrentLinkedQueue<>();
            long start = System.nanoTime();
            long until = start + TimeUnit.MILLISECONDS.toNanos(loadMillis);
            String query = "SELECT pg_sleep(" + queryMillis / 1000.0 + ")";
            ExecutorService workers = Executors.newFixedThreadPool(threads);
            for (int i = 0; i < threads; i++) {
                workers.execute(() -> {
                    while (System.nanoTime() < until) {
                        long asked = System.nanoTime();
                        String outcome = "served";
                        try (Connection c = ds.getConnection()) {
                            waits.add(System.nanoTime() - asked);
                            try (Statement s = c.createStatement()) {
                                s.execute(query);
                            }
                        } catch (SQLException e) {
                            waits.add(System.nanoTime() - asked);
                            outcome = e.getClass().getSimpleName() + "_" + e.getSQLState();
                        }
                        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                    }
                });
            }
            workers.shutdown();
            workers.awaitTermination(loadMillis + 120_000, TimeUnit.MILLISECONDS);
            long[] sorted = waits.stream().mapToLong(Long::longValue).sorted().toArray();
            Map<String, Object> result = new TreeMap<>();
            outcomes.forEach((k, v) -> result.put("outcome." + k, v.get()));
            result.put("seconds", String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9));
            result.put("waitP99Ms", sorted.length == 0 ? 0 : sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1_000_000.0);
            result.put("waitMaxMs", sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1_000_000.0);
            StringBuilder line = new StringBuilder("RESULT");
            result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            System.out.println(line);
            System.out.flush();
        } finally {
            ((AutoCloseable) ds).close();
        }
    }

    /** Each pool as its users configure it, named on the server so the scenario can count what it holds. */
    static DataSource open(String pool, String url, String user, String member, int maximum) {
        switch (pool) {
            case "cistern":
            case "cistern-fleet": {
                PoolConfig.Builder b = PoolConfig.builder().jdbcUrl(url).username(user).password("any").poolName(member)
                        .maximumPoolSize(maximum).connectionTimeout(java.time.Duration.ofSeconds(5))
                        .initializationFailTimeout(java.time.Duration.ZERO);
                if (pool.equals("cistern-fleet")) {
                    b.fleetName("orders").fleetRefreshInterval(java.time.Duration.ofMillis(500));
                } else {
                    b.dataSourceProperty("ApplicationName", member);
                }
                return new CisternDataSource(b.build());
            }
            case "hikari": {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(url);
                config.setUsername(user);
                config.setPassword("any");
                config.setPoolName(member);
                config.setMaximumPoolSize(maximum);
                config.setConnectionTimeout(5_000);
                config.setInitializationFailTimeout(-1);
                config.addDataSourceProperty("ApplicationName", member);
                return new HikariDataSource(config);
            }
            case "agroal": // fixed-size, as the others (the benchmark module's Pools configures it the same way)
                try {
                    return io.agroal.api.AgroalDataSource.from(new io.agroal.api.configuration.supplier
                            .AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(p -> p
                            .maxSize(maximum).minSize(maximum).initialSize(maximum)
                            .acquisitionTimeout(java.time.Duration.ofSeconds(5))
                            .connectionFactoryConfiguration(f -> f.jdbcUrl(url)
                                    .principal(new io.agroal.api.security.NamePrincipal(user))
                                    .credential(new io.agroal.api.security.SimplePassword("any"))
                                    .jdbcProperty("ApplicationName", member))));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            default:
                throw new IllegalArgumentException("pool must be cistern, cistern-fleet, hikari or agroal; was " + pool);
        }
    }
}
