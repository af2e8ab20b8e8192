package dev.cistern.bench;

import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

/**
 * On a connection held for the whole trial: prepare a statement, execute the query, read its one row,
 * close the result set and the statement. Measures the cost of each pool's statement and result-set
 * wrappers. {@code driver} is no pool: the stub driver's own connection, used directly, so its figure is
 * the ceiling on this machine and the gap to it is what a pool's wrappers cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StatementCycleBenchmark {
    @Param({"cistern", "hikari", "agroal", "vibur", "dbcp2", "driver"})
    public String pool;

    private DataSource dataSource;
    private Connection connection;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        String url = StubDatabase.create().checkExclusiveUse(false).url();
        if (pool.equals("driver")) {
            connection = DriverManager.getConnection(url, Pools.USER, Pools.PASSWORD);
            connection.setAutoCommit(false);
            return;
        }
        dataSource = Pools.open(pool, url, 4);
        connection = dataSource.getConnection();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        connection.close();
        if (dataSource != null) {
            Pools.close(dataSource);
        }
    }

    @Benchmark
    public int statementCycle() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1");
                ResultSet resultSet = statement.executeQuery()) {
            resultSet.next();
            return resultSet.getInt(1);
        }
    }
}
