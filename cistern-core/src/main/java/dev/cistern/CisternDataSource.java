package dev.cistern;

import dev.cistern.pool.Pool;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pooled {@link DataSource} applications use: {@code new CisternDataSource(config)} starts the pool
 * (opening the first connection as {@code initializationFailTimeout} says), {@link #getConnection()}
 * lends a connection, closing that connection gives it back, and {@link #close()} shuts the pool down.
 */
public final class CisternDataSource implements DataSource, AutoCloseable {
    private final PoolConfig config;
    private final Pool pool;
    private final PoolMXBeanRegistration mxBean;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeoutSeconds;

    /**
     * Starts a pool.
     *
     * @param config the pool's settings
     * @throws PoolInitializationException when {@code initializationFailTimeout} is positive and no
     *                                     connection could be opened within it
     */
    public CisternDataSource(PoolConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.pool = new Pool(config);
        this.mxBean = config.registerMbeans() ? PoolMXBeanRegistration.register(managed(pool)) : null;
    }

    /**
     * Borrows a connection, waiting up to {@code connectionTimeout} for one.
     *
     * @throws java.sql.SQLTransientConnectionException when none became available in time (the message
     *         carries the pool's counts and the last connection error), or the pool is closed
     */
    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    /** Not supported: a pool's connections all share the configured credentials. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("a pool lends connections with its configured credentials;"
                + " use getConnection()");
    }

    /** {@return a snapshot of the pool's gauges and counters} */
    public PoolStats stats() {
        return pool.stats();
    }

    /** {@return the newest autoscaler decisions (up to 20), oldest first; empty unless autoscaling is on} */
    public List<ScaleDecision> scaleDecisions() {
        return pool.scaleDecisions();
    }

    /** {@return whether the pool can serve: UP, DEGRADED or DOWN, with the reasons} */
    public PoolHealth health() {
        return pool.health();
    }

    /**
     * Closes idle connections until at most {@code targetIdle} remain.
     *
     * @param targetIdle how many idle connections to keep at most
     * @return how many connections were closed
     * @throws IllegalArgumentException when {@code targetIdle} is negative
     */
    public int shrink(int targetIdle) {
        return pool.shrink(targetIdle);
    }

    /** Retires every connection: idle ones now, borrowed ones when they come back. */
    public void softEvictConnections() {
        pool.softEvictConnections();
    }

    /**
     * Retires the physical connection behind {@code connection} (one this pool lent): at once if idle,
     * otherwise when its holder closes it.
     *
     * @param connection a connection this pool lent
     * @return true if it is one of this pool's connections, false if not (nothing is done then)
     */
    public boolean evict(Connection connection) {
        return pool.evict(connection);
    }

    /**
     * Changes the pool's bounds at runtime. Growing applies at once; shrinking closes idle connections above
     * the new maximum now and borrowed ones as they come back.
     *
     * @param minimumIdle     the new minimum number of idle connections
     * @param maximumPoolSize the new maximum number of connections
     * @throws IllegalArgumentException when a bound is out of range (same rules as {@link PoolConfig})
     */
    public void resize(int minimumIdle, int maximumPoolSize) {
        pool.resize(minimumIdle, maximumPoolSize);
    }

    /**
     * Stops lending until {@link #resume()}: borrowers wait (up to {@code connectionTimeout}); connections stay
     * open.
     */
    public void suspend() {
        pool.suspend();
    }

    /** Lets borrowers in again after {@link #suspend()}. */
    public void resume() {
        pool.resume();
    }

    /**
     * Opens connections up to {@code minimumIdle} now and waits for them (up to {@code connectionTimeout}).
     *
     * @return how many connections the pool holds
     * @throws SQLException when the pool could not reach {@code minimumIdle} in time
     */
    public int warmUp() throws SQLException {
        return pool.warmUp();
    }

    /** {@return the circuit breaker's state now} */
    public CircuitState circuitState() {
        return pool.circuitState();
    }

    /**
     * Closes the circuit breaker by hand, e.g. once an operator knows the database is back.
     *
     * @return the state it left
     */
    public CircuitState resetCircuit() {
        return pool.resetCircuit();
    }

    /** {@return the borrows held longer than {@code leakDetectionThreshold} right now; empty when detection is off} */
    public List<LeakReport> leaks() {
        return pool.leaks();
    }

    /** {@return whether {@link #close()} has been called} */
    public boolean isClosed() {
        return pool.isClosed();
    }

    /** {@return the pool's name, as set by {@code poolName} (names it in logs, thread names and JMX)} */
    public String poolName() {
        return pool.name();
    }

    /**
     * {@return the configuration this pool was started with} A {@link #resize} does not change it; the bounds
     * in force are in {@link #stats()}.
     */
    public PoolConfig config() {
        return config;
    }

    /**
     * Shuts the pool down: new borrows fail at once, idle connections close, borrowed connections get up to
     * {@code shutdownTimeout} to come back before they are aborted. Idempotent.
     */
    @Override
    public void close() {
        if (mxBean != null) {
            mxBean.unregister();
        }
        pool.close();
    }

    /** The pool as JMX may see and drive it: the same operations this class offers, and no more. */
    private static ManagedPool managed(Pool pool) {
        return new ManagedPool() {
            @Override public String poolName() { return pool.name(); }
            @Override public PoolStats stats() { return pool.stats(); }
            @Override public PoolHealth health() { return pool.health(); }
            @Override public CircuitState circuitState() { return pool.circuitState(); }
            @Override public void softEvictConnections() { pool.softEvictConnections(); }
            @Override public void suspend() { pool.suspend(); }
            @Override public void resume() { pool.resume(); }
            @Override public CircuitState resetCircuit() { return pool.resetCircuit(); }
            @Override public void resize(int minimumIdle, int maximumPoolSize) { pool.resize(minimumIdle, maximumPoolSize); }
        };
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Cistern logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        DataSource target = config.dataSource();
        if (target != null && iface.isInstance(target)) {
            return iface.cast(target);
        }
        throw new SQLException("CisternDataSource does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || (config.dataSource() != null && iface.isInstance(config.dataSource()));
    }

    @Override
    public String toString() {
        return "CisternDataSource[" + pool.name() + (pool.isClosed() ? ", closed" : "") + "]";
    }
}
