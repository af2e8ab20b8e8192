package dev.cistern.bench;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.testkit.stub.StubDatabase;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/**
 * What the pool keeps per idle connection, beyond the driver's own connection object: the heap held by a
 * pool of 1,000 idle stub connections, less a pool of one (the fixed cost: threads, the pool itself), less
 * 1,000 stub connections held with no pool, divided by 999. Measured after full collections, with latency
 * recording off and on.
 *
 * <pre>java -XX:+UseSerialGC -cp cistern-bench/target/benchmarks.jar dev.cistern.bench.IdleMemory</pre>
 */
public final class IdleMemory {
    private static final int CONNECTIONS = 1_000;

    private IdleMemory() {
    }

    public static void main(String[] args) throws Exception {
        long before = usedAfterGc();
        StubDatabase db = StubDatabase.create().checkExclusiveUse(false);
        List<Connection> raw = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            raw.add(DriverManager.getConnection(db.url()));
        }
        double rawEach = (usedAfterGc() - before) / (double) CONNECTIONS;
        for (Connection c : raw) {
            c.close();
        }
        raw.clear();
        System.out.printf("driver (stub) connection alone: %.0f bytes each%n", rawEach);
        for (boolean latency : new boolean[] {false, true}) {
            long one = heldBy(1, latency);
            long many = heldBy(CONNECTIONS, latency);
            double perConnection = (many - one) / (double) (CONNECTIONS - 1);
            System.out.printf("metrics.latency=%s: pool of 1 holds %d bytes, pool of %d holds %d bytes:"
                    + " %.0f bytes per idle connection, %.0f of them the pool's own bookkeeping%n",
                    latency, one, CONNECTIONS, many, perConnection, perConnection - rawEach);
        }
    }

    /** Heap held while a pool of {@code size} idle connections is open. */
    private static long heldBy(int size, boolean latency) throws Exception {
        long before = usedAfterGc();
        try (CisternDataSource pool = new CisternDataSource(PoolConfig.builder()
                .jdbcUrl(StubDatabase.create().checkExclusiveUse(false).url()).maximumPoolSize(size).minimumIdle(size)
                .metricsLatency(latency).build())) {
            while (pool.stats().idle() < size) {
                Thread.sleep(10);
            }
            return usedAfterGc() - before;
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
