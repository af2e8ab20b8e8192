package dev.cistern.bench;

import dev.cistern.testkit.db.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * What a pool adds to a real PostgreSQL round trip, measured paired: each thread runs short blocks of the same
 * cycle ({@code SELECT 1}, or a short transaction) through a dedicated connection ({@code raw}, the floor),
 * Cistern, HikariCP and Agroal in turn, in a fresh random order each time, and times each block. A slow moment
 * of the machine (another tenant, the server's checkpoint, frequency changes) then falls on all four alike
 * instead of on whichever pool a JMH fork happened to run, so the ratios between them are far steadier than
 * fork-against-fork throughput on a noisy two-core machine (see docs/benchmarks.md).
 *
 * <pre>java -cp cistern-bench/target/benchmarks.jar dev.cistern.bench.PairedOverhead [seconds per round] [rounds]</pre>
 */
public final class PairedOverhead {
    private static final String[] TARGETS = {"raw", "cistern", "hikari", "agroal"};
    private static final int CYCLES_PER_BLOCK = 16;

    private final PostgresServer server;
    private final DataSource[] pools = new DataSource[TARGETS.length];
    private final AtomicLong ids = new AtomicLong();

    private PairedOverhead(PostgresServer server) throws SQLException {
        this.server = server;
        for (int t = 1; t < TARGETS.length; t++) {
            pools[t] = PostgresPools.open(TARGETS[t], server.jdbcUrl(), server.username(), server.password());
        }
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        try (PostgresServer server = PostgresServer.start()) {
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                 Statement s = c.createStatement()) {
                s.execute("create table bench (id bigint primary key, note text)");
            }
            PairedOverhead bench = new PairedOverhead(server);
            System.out.printf(Locale.ROOT, "%d rounds of %.0f s per case after one unmeasured; blocks of %d cycles;"
                    + " JDK %s%n%n", rounds, seconds, CYCLES_PER_BLOCK, Runtime.version());
            System.out.println("| case, ratio | per round | median | range |");
            System.out.println("|---|---|---|---|");
            for (boolean transaction : new boolean[] {false, true}) {
                for (int threads : new int[] {1, 8}) {
                    bench.measure(transaction, threads, seconds, rounds);
                }
            }
            bench.close();
        }
    }

    private void measure(boolean transaction, int threads, double seconds, int rounds) throws Exception {
        String name = (transaction ? "transaction" : "select1") + "_" + threads + (threads == 1 ? "thread" : "threads");
        run(transaction, threads, seconds); // warm-up, dropped
        double[][] ratios = new double[TARGETS.length][rounds];
        for (int r = 0; r < rounds; r++) {
            double[] rate = run(transaction, threads, seconds);
            for (int t = 0; t < TARGETS.length; t++) {
                ratios[t][r] = rate[t] / rate[0];
            }
        }
        for (int t = 1; t < TARGETS.length; t++) {
            print(name, TARGETS[t] + " ÷ raw", ratios[t]);
        }
        double[] cisternToHikari = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            cisternToHikari[r] = ratios[1][r] / ratios[2][r];
        }
        print(name, "cistern ÷ hikari", cisternToHikari);
    }

    private static void print(String name, String what, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
        StringBuilder each = new StringBuilder();
        for (double v : values) {
            each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v));
        }
        System.out.printf(Locale.ROOT, "| %s, %s | %s | %.3f | %.3f–%.3f |%n", name, what, each, median, sorted[0],
                sorted[sorted.length - 1]);
    }

    /** One round: cycles per millisecond of time spent in each target, all threads together. */
    private double[] run(boolean transaction, int threads, double seconds) throws Exception {
        long[][] cycles = new long[threads][TARGETS.length];
        long[][] nanos = new long[threads][TARGETS.length];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < threads; i++) {
            int me = i;
            Thread worker = new Thread(() -> {
                try (Connection raw = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password())) {
                    SplittableRandom random = new SplittableRandom(me);
                    List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
                    while (System.nanoTime() < end) {
                        Collections.shuffle(order, new java.util.Random(random.nextLong()));
                        for (int t : order) {
                            long start = System.nanoTime();
                            for (int c = 0; c < CYCLES_PER_BLOCK; c++) {
                                cycle(t == 0 ? null : pools[t], raw, transaction);
                            }
                            nanos[me][t] += System.nanoTime() - start;
                            cycles[me][t] += CYCLES_PER_BLOCK;
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a worker failed", failures.get(0));
        }
        double[] rate = new double[TARGETS.length];
        for (int t = 0; t < TARGETS.length; t++) {
            for (int i = 0; i < threads; i++) {
                rate[t] += cycles[i][t] / (nanos[i][t] / 1e6); // each thread's cycles per ms in that target
            }
        }
        return rate;
    }

    /** One borrow-use-return cycle through a pool, or on the thread's dedicated connection when pool is null. */
    private void cycle(DataSource pool, Connection raw, boolean transaction) throws SQLException {
        Connection c = pool != null ? pool.getConnection() : raw;
        try {
            if (transaction) {
                c.setAutoCommit(false);
                try (PreparedStatement s = c.prepareStatement("insert into bench values (?, 'x')")) {
                    s.setLong(1, ids.incrementAndGet());
                    s.executeUpdate();
                }
                c.commit();
                c.setAutoCommit(true);
            } else {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                }
            }
        } finally {
            if (pool != null) {
                c.close();
            }
        }
    }

    private void close() throws Exception {
        for (DataSource pool : pools) {
            if (pool instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
