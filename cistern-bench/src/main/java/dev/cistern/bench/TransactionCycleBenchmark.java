package dev.cistern.bench;

import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The real-server benchmarks' short transaction (PostgresBenchmark, PairedOverhead) on the stub driver, so
 * that only what each pool adds is left: borrow, autocommit off, prepare, bind, execute, close the statement,
 * commit, autocommit on, return. The pools lend connections with autocommit on, as pgjdbc's default, so the
 * cycle ends in the state it began and each pool's return path shows what it does when a session setting
 * was touched but is back at its default. {@code driver} runs the same calls on a dedicated stub connection
 * per thread with no pool: the ceiling, and the gap to it is the pool's whole cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TransactionCycleBenchmark {
    @Param({"cistern", "hikari", "agroal", "driver"})
    public String pool;

    private DataSource dataSource;
    private DedicatedConnections dedicated;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        String url = StubDatabase.create().checkExclusiveUse(false).url();
        if (pool.equals("driver")) {
            dedicated = new DedicatedConnections(url, Pools.USER, Pools.PASSWORD);
        } else {
            dataSource = Pools.open(pool, url, 32, true);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        if (dedicated != null) {
            dedicated.close();
        }
        if (dataSource != null) {
            Pools.close(dataSource);
        }
    }

    @Benchmark
    @Threads(1)
    public int transaction_1thread() throws SQLException {
        return transaction();
    }

    @Benchmark
    @Threads(8)
    public int transaction_8threads() throws SQLException {
        return transaction();
    }

    private int transaction() throws SQLException {
        Connection c = borrow();
        try {
            c.setAutoCommit(false);
            int rows;
            try (PreparedStatement s = c.prepareStatement("insert into bench values (?, 'x')")) {
                s.setLong(1, 42);
                rows = s.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            return rows;
        } finally {
            if (dataSource != null) {
                c.close();
            }
        }
    }

    private Connection borrow() throws SQLException {
        if (dataSource != null) {
            return dataSource.getConnection();
        }
        return dedicated.forCurrentThread();
    }
}
