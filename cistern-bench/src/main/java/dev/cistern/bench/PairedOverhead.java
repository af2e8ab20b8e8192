package dev.cistern.bench;

import dev.cistern.testkit.db.PgBouncer;
import dev.cistern.testkit.db.PostgresServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What a pool adds to a real PostgreSQL round trip, measured paired: each thread runs short blocks of the same
 * cycle ({@code SELECT 1}, or a short transaction) through a dedicated connection ({@code raw}, the floor),
 * Cistern, HikariCP, Agroal and a second Cistern pool (the control) in turn, in a fresh random order each
 * time, and times each block. A slow moment of the machine (another tenant, the server's checkpoint,
 * frequency changes) then falls on all five alike instead of on whichever pool a JMH fork happened to run,
 * so the ratios between them are far steadier than fork-against-fork throughput on a noisy two-core machine
 * (see docs/benchmarks.md). The pools' own counters (connections created and retired, borrows) go to
 * standard error after each case, to show that no pool replaced connections during the measurement.
 *
 * <p>Each case runs directly and, when Debian's {@code pgbouncer} is installed, through PgBouncer in transaction
 * mode ({@code _pgbouncer}: each pool set up for it, see {@link PostgresPools}). Beside the ratios it reports
 * each target's client CPU per cycle, which shows what a pool costs in work even where the round trip hides it.
 *
 * <pre>
 * java -cp cistern-bench/target/benchmarks.jar dev.cistern.bench.PairedOverhead [seconds per round] [rounds] [cases]
 * </pre>
 */
public final class PairedOverhead {
    /**
     * {@code cistern-twin} is a second Cistern pool set up like the first: the control. How far the two
     * identical pools differ is how far any two pools may differ by chance on this machine, connection
     * placement included.
     */
    private static final String[] TARGETS = {"raw", "cistern", "hikari", "agroal", "cistern-twin"};
    /**
     * {@code -Dpaired.threadPerBlock=platform} or {@code virtual}: each block runs on a new thread, as each
     * request does on a thread-per-request server with virtual threads; unset, each worker runs its own blocks.
     */
    private static final String THREAD_PER_BLOCK = System.getProperty("paired.threadPerBlock", "");
    private static final int CISTERN = 1;
    private static final int HIKARI = 2;
    private static final int AGROAL = 3;
    private static final int TWIN = 4;
    private static final int CYCLES_PER_BLOCK = 16;
    private static final int[] THREADS = {1, 8, 32};
    private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

    /** One way to the server (direct, or through PgBouncer): the URL of its raw connections and its pools. */
    private record Route(String suffix, String url, DataSource[] pools) {
    }

    private final PostgresServer server;
    private final AtomicLong ids = new AtomicLong();
    private final List<String> cpuRows = new ArrayList<>();

    private PairedOverhead(PostgresServer server) {
        this.server = server;
    }

    /**
     * @param args seconds per round (default 5), rounds (default 6), and a regular expression the case names
     *             must match (default all: {@code (select1|transaction)_(1thread|8threads|32threads)(_pgbouncer)?})
     */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Pattern cases = Pattern.compile(args.length > 2 ? args[2] : ".*");
        try (PostgresServer server = PostgresServer.start()) {
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                 Statement s = c.createStatement()) {
                s.execute("create table bench (id bigint primary key, note text)");
            }
            PairedOverhead bench = new PairedOverhead(server);
            List<Route> routes = new ArrayList<>();
            routes.add(new Route("", server.jdbcUrl(), bench.openPools(server.jdbcUrl(), false)));
            PgBouncer bouncer = null;
            if (PgBouncer.binary() != null) {
                bouncer = PgBouncer.start(server, PgBouncer.Mode.TRANSACTION, PostgresPools.SIZE);
                routes.add(new Route("_pgbouncer", PostgresPools.withoutServerPrepare(bouncer.jdbcUrl()),
                        bench.openPools(bouncer.jdbcUrl(), true)));
            } else {
                System.out.println("pgbouncer is not installed: the _pgbouncer cases are left out");
            }
            try {
                System.out.printf(Locale.ROOT, "%d rounds of %.0f s per case after one unmeasured; blocks of %d cycles;"
                        + " JDK %s%n%n", rounds, seconds, CYCLES_PER_BLOCK, Runtime.version());
                System.out.println("| case, ratio of throughputs | per round | median | range |");
                System.out.println("|---|---|---|---|");
                for (Route route : routes) {
                    for (boolean transaction : new boolean[] {false, true}) {
                        for (int threads : THREADS) {
                            String name = (transaction ? "transaction" : "select1") + "_" + threads
                                    + (threads == 1 ? "thread" : "threads") + route.suffix();
                            if (cases.matcher(name).matches()) {
                                bench.measure(name, route, transaction, threads, seconds, rounds);
                            }
                        }
                    }
                }
                System.out.println();
                System.out.println("Client CPU per cycle (µs, the benchmark thread's own: pool, driver and the"
                        + " benchmark loop), median over the rounds:");
                System.out.println();
                System.out.println("| case | " + String.join(" | ", TARGETS) + " |");
                System.out.println("|---" + "|---".repeat(TARGETS.length) + "|");
                bench.cpuRows.forEach(System.out::println);
            } finally {
                for (Route route : routes) {
                    closePools(route.pools());
                }
                if (bouncer != null) {
                    bouncer.close();
                }
            }
        }
    }

    private DataSource[] openPools(String url, boolean behindPooler) throws SQLException {
        DataSource[] pools = new DataSource[TARGETS.length];
        for (int t = 1; t < TARGETS.length; t++) {
            String kind = t == TWIN ? "cistern" : TARGETS[t];
            pools[t] = PostgresPools.open(kind, url, server.username(), server.password(), behindPooler);
        }
        return pools;
    }

    private void measure(String name, Route route, boolean transaction, int threads, double seconds, int rounds)
            throws Exception {
        Round[] measured = run(route, transaction, threads, seconds, rounds + 1);
        double[][] ratios = new double[TARGETS.length][rounds];
        double[][] cpuMicros = new double[TARGETS.length][rounds];
        for (int r = 0; r < rounds; r++) {
            Round round = measured[r + 1]; // the first round is the warm-up, dropped
            for (int t = 0; t < TARGETS.length; t++) {
                ratios[t][r] = round.rate[t] / round.rate[0];
                cpuMicros[t][r] = round.cpuMicrosPerCycle[t];
            }
        }
        for (int t = 1; t < TARGETS.length; t++) {
            print(name, TARGETS[t] + " ÷ raw", ratios[t]);
        }
        print(name, "cistern ÷ hikari", divide(ratios[CISTERN], ratios[HIKARI]));
        print(name, "cistern ÷ agroal", divide(ratios[CISTERN], ratios[AGROAL]));
        print(name, "cistern ÷ cistern-twin (the control)", divide(ratios[CISTERN], ratios[TWIN]));
        StringBuilder row = new StringBuilder("| " + name + " |");
        for (int t = 0; t < TARGETS.length; t++) {
            row.append(String.format(Locale.ROOT, " %.1f |", median(cpuMicros[t])));
        }
        cpuRows.add(row.toString());
        for (int t : new int[] {CISTERN, TWIN}) {
            if (route.pools()[t] instanceof dev.cistern.CisternDataSource cistern) {
                dev.cistern.PoolStats stats = cistern.stats();
                System.err.printf(Locale.ROOT, "%s %s: created %d, destroyed %d, borrows %d, validation failures %d%n",
                        name, TARGETS[t], stats.created(), stats.destroyed(), stats.borrows(),
                        stats.validationFailures());
            }
        }
    }

    private static double[] divide(double[] a, double[] b) {
        double[] quotient = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            quotient[i] = a[i] / b[i];
        }
        return quotient;
    }

    /**
     * One round's figures per target: cycles per millisecond of time spent in it (all threads together), and
     * client CPU per cycle.
     */
    private record Round(double[] rate, double[] cpuMicrosPerCycle) {
    }

    /**
     * Runs the rounds of one case. The same threads, each with the same dedicated connection, serve every
     * round (a barrier starts and ends each), so a thread keeps its connections and its place in every pool
     * from one round to the next, as a server's request threads do.
     */
    private Round[] run(Route route, boolean transaction, int threads, double seconds, int rounds) throws Exception {
        long[][][] cycles = new long[rounds][threads][TARGETS.length];
        long[][][] nanos = new long[rounds][threads][TARGETS.length];
        long[][][] cpuNanos = new long[rounds][threads][TARGETS.length];
        long[] roundEnds = new long[rounds];
        CyclicBarrier roundStart = new CyclicBarrier(threads + 1);
        CyclicBarrier roundEnd = new CyclicBarrier(threads + 1);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < threads; i++) {
            int me = i;
            Thread worker = new Thread(() -> {
                try (Connection raw = DriverManager.getConnection(route.url(), server.username(), server.password())) {
                    SplittableRandom random = new SplittableRandom(me);
                    List<Integer> order = new ArrayList<>();
                    for (int t = 0; t < TARGETS.length; t++) {
                        order.add(t);
                    }
                    for (int r = 0; r < rounds; r++) {
                        roundStart.await();
                        while (failures.isEmpty() && System.nanoTime() < roundEnds[r]) {
                            Collections.shuffle(order, new java.util.Random(random.nextLong()));
                            for (int t : order) {
                                int target = t;
                                int round = r;
                                Runnable block = () -> {
                                    try {
                                        long cpuStart = THREAD_CPU.getCurrentThreadCpuTime();
                                        long start = System.nanoTime();
                                        for (int c = 0; c < CYCLES_PER_BLOCK; c++) {
                                            cycle(target == 0 ? null : route.pools()[target], raw, transaction);
                                        }
                                        nanos[round][me][target] += System.nanoTime() - start;
                                        cpuNanos[round][me][target] += THREAD_CPU.getCurrentThreadCpuTime() - cpuStart;
                                        cycles[round][me][target] += CYCLES_PER_BLOCK;
                                    } catch (SQLException e) {
                                        throw new IllegalStateException(e);
                                    }
                                };
                                runBlock(block);
                            }
                        }
                        roundEnd.await();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    roundStart.reset(); // frees the others and the main thread: the case is abandoned
                    roundEnd.reset();
                }
            });
            worker.start();
            workers.add(worker);
        }
        try {
            for (int r = 0; r < rounds && failures.isEmpty(); r++) {
                roundEnds[r] = System.nanoTime() + (long) (seconds * 1e9); // published by the barrier
                roundStart.await();
                roundEnd.await();
            }
        } catch (BrokenBarrierException e) {
            // a worker failed; reported below
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a worker failed", failures.get(0));
        }
        Round[] result = new Round[rounds];
        for (int r = 0; r < rounds; r++) {
            double[] rate = new double[TARGETS.length];
            double[] cpu = new double[TARGETS.length];
            for (int t = 0; t < TARGETS.length; t++) {
                long allCycles = 0;
                long allCpu = 0;
                for (int i = 0; i < threads; i++) {
                    rate[t] += cycles[r][i][t] / (nanos[r][i][t] / 1e6); // each thread's cycles per ms in that target
                    allCycles += cycles[r][i][t];
                    allCpu += cpuNanos[r][i][t];
                }
                cpu[t] = allCpu / 1e3 / allCycles;
            }
            result[r] = new Round(rate, cpu);
        }
        return result;
    }

    private static void runBlock(Runnable block) throws Exception {
        switch (THREAD_PER_BLOCK) {
            case "platform": {
                Thread fresh = new Thread(block);
                fresh.start();
                fresh.join();
                break;
            }
            case "virtual": // Thread.ofVirtual() is Java 21; the module compiles for 17
                Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
                Thread fresh = (Thread) Class.forName("java.lang.Thread$Builder")
                        .getMethod("start", Runnable.class).invoke(builder, block);
                fresh.join();
                break;
            default:
                block.run();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
    }

    private static void print(String name, String what, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = median(values);
        StringBuilder each = new StringBuilder();
        for (double v : values) {
            each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v));
        }
        System.out.printf(Locale.ROOT, "| %s, %s | %s | %.3f | %.3f–%.3f |%n", name, what, each, median, sorted[0],
                sorted[sorted.length - 1]);
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

    private static void closePools(DataSource[] pools) throws Exception {
        for (DataSource pool : pools) {
            if (pool instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
