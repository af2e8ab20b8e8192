package dev.cistern.bench;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.PoolerMode;
import dev.cistern.testkit.db.PgBouncer;
import dev.cistern.testkit.db.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The pools on a real PostgreSQL 17 on loopback (started per fork by the testkit): {@code SELECT 1}, and a
 * short transaction (insert + commit), each a whole borrow-use-return cycle, at 1, 8 and 32 threads.
 * {@code raw} is the floor: one dedicated connection per thread, no pool. {@code cistern-pgbouncer} is
 * Cistern (poolerMode=TRANSACTION) through PgBouncer in transaction mode. Pools hold 32 connections with
 * autocommit on, so no thread waits for another; every pool validates as it does by default.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PostgresBenchmark {
    @Param({"raw", "cistern", "hikari", "agroal", "cistern-pgbouncer"})
    public String pool;

    private PostgresServer server;
    private PgBouncer bouncer;
    private DataSource dataSource;
    private final AtomicLong ids = new AtomicLong();
    private DedicatedConnections dedicated;

    @Setup(Level.Trial)
    public void start() throws Exception {
        server = PostgresServer.start();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
             Statement s = c.createStatement()) {
            s.execute("create table bench (id bigint primary key, note text)");
        }
        String url = server.jdbcUrl();
        switch (pool) {
            case "raw":
                dedicated = new DedicatedConnections(url, server.username(), server.password());
                break;
            case "cistern":
            case "hikari":
            case "agroal":
                dataSource = PostgresPools.open(pool, url, server.username(), server.password());
                break;
            case "cistern-pgbouncer":
                bouncer = PgBouncer.start(server, PgBouncer.Mode.TRANSACTION, 32);
                dataSource = new CisternDataSource(PoolConfig.builder().jdbcUrl(bouncer.jdbcUrl()).username(server.username())
                        .password(server.password()).maximumPoolSize(32).minimumIdle(32)
                        .poolerMode(PoolerMode.TRANSACTION).build());
                break;
            default:
                throw new IllegalArgumentException("pool must be raw, cistern, hikari, agroal or cistern-pgbouncer; was " + pool);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (dedicated != null) {
            dedicated.close();
        }
        if (dataSource instanceof AutoCloseable closeable) {
            closeable.close();
        }
        if (bouncer != null) {
            bouncer.close();
        }
        server.close();
    }

    /** The pool's connection, or this thread's own dedicated one ({@code raw}). */
    private Connection borrow() throws SQLException {
        if (dataSource != null) {
            return dataSource.getConnection();
        }
        return dedicated.forCurrentThread();
    }

    private void giveBack(Connection c) throws SQLException {
        if (dataSource != null) {
            c.close();
        }
    }

    private int select1() throws SQLException {
        Connection c = borrow();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        } finally {
            giveBack(c);
        }
    }

    private int shortTransaction() throws SQLException {
        Connection c = borrow();
        try {
            c.setAutoCommit(false);
            int rows;
            try (PreparedStatement s = c.prepareStatement("insert into bench values (?, 'x')")) {
                s.setLong(1, ids.incrementAndGet());
                rows = s.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            return rows;
        } finally {
            giveBack(c);
        }
    }

    @Benchmark
    @Threads(1)
    public int select1_1thread() throws SQLException {
        return select1();
    }

    @Benchmark
    @Threads(8)
    public int select1_8threads() throws SQLException {
        return select1();
    }

    @Benchmark
    @Threads(32)
    public int select1_32threads() throws SQLException {
        return select1();
    }

    @Benchmark
    @Threads(1)
    public int transaction_1thread() throws SQLException {
        return shortTransaction();
    }

    @Benchmark
    @Threads(8)
    public int transaction_8threads() throws SQLException {
        return shortTransaction();
    }

    @Benchmark
    @Threads(32)
    public int transaction_32threads() throws SQLException {
        return shortTransaction();
    }
}
