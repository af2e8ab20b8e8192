package dev.cistern.bench;

import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code getConnection()} + {@code close()}: the pool's hot path and nothing else. With 32 connections the
 * threads never wait; with 4 and 8 threads they queue for one another.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConnectionCycleBenchmark {
    @Param({"cistern", "hikari", "agroal", "vibur", "dbcp2"})
    public String pool;

    @Param({"32", "4"})
    public int maximumPoolSize;

    private DataSource dataSource;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        dataSource = Pools.open(pool, StubDatabase.create().checkExclusiveUse(false).url(), maximumPoolSize);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        Pools.close(dataSource);
    }

    @Benchmark
    @Threads(1)
    public void connectionCycle_1thread(Blackhole blackhole) throws SQLException {
        cycle(blackhole);
    }

    @Benchmark
    @Threads(2)
    public void connectionCycle_2threads(Blackhole blackhole) throws SQLException {
        cycle(blackhole);
    }

    @Benchmark
    @Threads(8)
    public void connectionCycle_8threads(Blackhole blackhole) throws SQLException {
        cycle(blackhole);
    }

    private void cycle(Blackhole blackhole) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            blackhole.consume(connection);
        }
    }
}
