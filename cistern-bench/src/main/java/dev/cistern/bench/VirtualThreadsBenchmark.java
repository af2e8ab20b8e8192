package dev.cistern.bench;

import dev.cistern.testkit.stub.StubDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 10,000 virtual threads, each borrowing from a pool of 16, running one statement that the stub driver
 * holds for 1 ms (parked, as real I/O would be), and returning. JMH reports the time per borrow cycle;
 * each invocation also appends its wait percentiles, timeouts and the CPU the process used to a JSON-lines
 * file ({@code -Dcistern.bench.extra=FILE}), since carrier threads pinned by a pool show up as CPU spent
 * without progress. Needs JDK 21+.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VirtualThreadsBenchmark {
    static final int THREADS = 10_000;
    static final int POOL_SIZE = 16;

    /** The five pools, and "bare": no pool at all, the ceiling any pool could reach here (see BareQueue). */
    @Param({"cistern", "hikari", "agroal", "vibur", "dbcp2", "bare"})
    public String pool;

    private DataSource dataSource;
    private int invocation;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        StubDatabase database = StubDatabase.create().checkExclusiveUse(false).statementDelay(Duration.ofMillis(1));
        dataSource = Pools.open(pool, database.url(), POOL_SIZE);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        Pools.close(dataSource);
    }

    @Benchmark
    @OperationsPerInvocation(THREADS)
    public int virtualThreads() throws Exception {
        long[] waits = new long[THREADS];
        AtomicInteger timeouts = new AtomicInteger();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        ExecutorService executor = newVirtualThreadExecutor();
        for (int i = 0; i < THREADS; i++) {
            int index = i;
            executor.execute(() -> borrowHoldReturn(index, waits, timeouts));
        }
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException(pool + ": virtual threads did not finish in 5 minutes");
        }
        long wallNanos = System.nanoTime() - start;
        long cpuNanos = os.getProcessCpuTime() - cpuBefore;
        record(waits, timeouts.get(), wallNanos, cpuNanos);
        return timeouts.get();
    }

    private void borrowHoldReturn(int index, long[] waits, AtomicInteger timeouts) {
        long asked = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            waits[index] = System.nanoTime() - asked;
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
        } catch (SQLException e) {
            waits[index] = System.nanoTime() - asked;
            timeouts.incrementAndGet();
        }
    }

    private void record(long[] waits, int timeouts, long wallNanos, long cpuNanos) throws IOException {
        String file = System.getProperty("cistern.bench.extra");
        if (file == null) {
            return;
        }
        long[] sorted = waits.clone();
        Arrays.sort(sorted);
        String line = String.format(Locale.ROOT,
                "{\"pool\":\"%s\",\"invocation\":%d,\"throughput_ops_per_ms\":%.3f,\"wait_p50_us\":%d,"
                        + "\"wait_p99_us\":%d,\"timeouts\":%d,\"cpu_ms\":%d,\"wall_ms\":%d}%n",
                pool, ++invocation, THREADS / (wallNanos / 1e6), sorted[THREADS / 2] / 1000,
                sorted[(int) (THREADS * 0.99)] / 1000, timeouts, cpuNanos / 1_000_000, wallNanos / 1_000_000);
        Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Virtual threads exist from JDK 21; the module compiles for 17, so they are reached reflectively. */
    private static ExecutorService newVirtualThreadExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the virtualThreads benchmark needs JDK 21 or newer", e);
        }
    }
}
