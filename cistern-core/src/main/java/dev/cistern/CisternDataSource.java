package dev.cistern;

import dev.cistern.pool.Pool;
import dev.cistern.settings.Setting;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pooled {@link DataSource} applications use: {@code new CisternDataSource(config)} starts the pool
 * (opening the first connection as {@code initializationFailTimeout} says), {@link #getConnection()}
 * lends a connection, closing that connection gives it back, and {@link #close()} shuts the pool down.
 *
 * <p>For frameworks that make beans with setters (Spring's {@code DataSourceBuilder}, XML bean
 * definitions, JNDI factories), {@code new CisternDataSource()} and the setters of
 * {@link DataSourceSettings} work too: the pool then starts at the first call that needs it, as
 * HikariCP's does.
 */
public final class CisternDataSource extends DataSourceSettings implements DataSource, AutoCloseable {
    /** Set once: by the constructor, or (bean) at the first call that needs the pool; read without locking. */
    private volatile Pool pool;
    private volatile PoolMXBeanRegistration mxBean;
    /** The pool's place in its connection budget ({@code budget.name}); null without one. */
    private volatile ConnectionBudget.Seat budgetSeat;
    /** A bean closed before its pool ever started. */
    private volatile boolean closedBeforeStart;
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
        super(false);
        start(Objects.requireNonNull(config, "config"));
    }

    /**
     * A data source to configure with setters (see {@link DataSourceSettings}); its pool starts at the first
     * call that needs it ({@link #getConnection()}, {@link #stats()}, ...).
     */
    public CisternDataSource() {
        super(true);
    }

    private void start(PoolConfig startWith) {
        ConnectionBudget.Seat seat = startWith.budgetName() == null ? null : ConnectionBudget.join(
                startWith.budgetName(), startWith.budgetConnections(), startWith.poolName(), startWith.maximumPoolSize());
        Pool started;
        try {
            started = new Pool(startWith, seat == null ? Integer.MAX_VALUE : seat.share());
        } catch (RuntimeException e) {
            if (seat != null) {
                seat.leave();
            }
            throw e;
        }
        if (seat != null) {
            seat.follow(started::setBudgetShare);
            this.budgetSeat = seat;
        }
        this.mxBean = startWith.registerMbeans() ? PoolMXBeanRegistration.register(managed(started)) : null;
        this.pool = started;
    }

    /**
     * The running pool, starting it if this is a bean whose pool has not started yet.
     *
     * @throws IllegalArgumentException naming the setting, for a bad setting (checked at start)
     * @throws IllegalStateException    when the bean was closed before it ever started
     */
    private Pool pool() {
        Pool running = pool;
        if (running != null) {
            return running;
        }
        startLock.lock();
        try {
            if (pool == null) {
                if (closedBeforeStart) {
                    throw new IllegalStateException("this CisternDataSource was closed before its pool started");
                }
                start(settings.build());
            }
            return pool;
        } finally {
            startLock.unlock();
        }
    }

    @Override
    PoolConfig runningConfig() {
        return config();
    }

    @Override
    void changeRunningCredentials(String username, String password) {
        pool().changeCredentials(username, password);
    }

    @Override
    void changeRunningTimeouts(Consumer<PoolConfig.Builder> change) {
        pool().changeTimeouts(change);
    }

    @Override
    boolean started() {
        return pool != null;
    }

    @Override
    void resizeRunning(int minimumIdle, int maximumPoolSize) {
        PoolStats now = pool().stats();
        int max = maximumPoolSize >= 0 ? maximumPoolSize : now.maximumPoolSize();
        int min = minimumIdle >= 0 ? minimumIdle : Math.min(now.minimumIdle(), max);
        resize(pool(), min, max);
    }

    /**
     * Borrows a connection, waiting up to {@code connectionTimeout} for one.
     *
     * @throws java.sql.SQLTransientConnectionException when none became available in time (the message
     *         carries the pool's counts and the last connection error), or the pool is closed
     */
    @Override
    public Connection getConnection() throws SQLException {
        if (closedBeforeStart) {
            throw new SQLTransientConnectionException("this CisternDataSource is closed", "08003");
        }
        return pool().getConnection();
    }

    /**
     * Borrows a connection, waiting at most {@code maxWait} (or {@code connectionTimeout}, if that is
     * shorter): for callers with somewhere else to go when this pool is busy, as the routing data source
     * tries the next replica.
     *
     * @param maxWait the longest wait for this borrow
     * @return a connection; closing it returns it to the pool
     * @throws java.sql.SQLTransientConnectionException when none became available in time (the message says
     *         how long it waited), or the pool is closed
     */
    public Connection getConnection(java.time.Duration maxWait) throws SQLException {
        if (closedBeforeStart) {
            throw new SQLTransientConnectionException("this CisternDataSource is closed", "08003");
        }
        return pool().getConnection(Objects.requireNonNull(maxWait, "maxWait").toNanos());
    }

    /** Not supported: a pool's connections all share the configured credentials. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("a pool lends connections with its configured credentials;"
                + " use getConnection()");
    }

    /** {@return a snapshot of the pool's gauges and counters} */
    public PoolStats stats() {
        return pool().stats();
    }

    /** {@return the newest autoscaler decisions (up to 20), oldest first; empty unless autoscaling is on} */
    public List<ScaleDecision> scaleDecisions() {
        return pool().scaleDecisions();
    }

    /** {@return whether the pool can serve: UP, DEGRADED or DOWN, with the reasons} */
    public PoolHealth health() {
        return pool().health();
    }

    /**
     * Closes idle connections until at most {@code targetIdle} remain.
     *
     * @param targetIdle how many idle connections to keep at most
     * @return how many connections were closed
     * @throws IllegalArgumentException when {@code targetIdle} is negative
     */
    public int shrink(int targetIdle) {
        return pool().shrink(targetIdle);
    }

    /** Retires every connection: idle ones now, borrowed ones when they come back. */
    public void softEvictConnections() {
        pool().softEvictConnections();
    }

    /**
     * Retires the physical connection behind {@code connection} (one this pool lent): at once if idle,
     * otherwise when its holder closes it.
     *
     * @param connection a connection this pool lent
     * @return true if it is one of this pool's connections, false if not (nothing is done then)
     */
    public boolean evict(Connection connection) {
        return pool().evict(connection);
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
        resize(pool(), minimumIdle, maximumPoolSize);
    }

    /** Resizes the pool and then its claim on the connection budget, if it draws from one. */
    private void resize(Pool running, int minimumIdle, int maximumPoolSize) {
        running.resize(minimumIdle, maximumPoolSize);
        ConnectionBudget.Seat seat = budgetSeat;
        if (seat != null) {
            seat.resize(maximumPoolSize);
        }
    }

    /** {@return the connection budget this pool draws from ({@code budget.name}), if any} */
    public Optional<ConnectionBudget> budget() {
        ConnectionBudget.Seat seat = budgetSeat;
        return seat == null ? Optional.empty() : Optional.of(seat.budget());
    }

    /**
     * Stops lending until {@link #resume()}: borrowers wait (up to {@code connectionTimeout}); connections stay
     * open.
     */
    public void suspend() {
        pool().suspend();
    }

    /** Lets borrowers in again after {@link #suspend()}. */
    public void resume() {
        pool().resume();
    }

    /**
     * Opens connections up to {@code minimumIdle} now and waits for them (up to {@code connectionTimeout}).
     *
     * @return how many connections the pool holds
     * @throws SQLException when the pool could not reach {@code minimumIdle} in time
     */
    public int warmUp() throws SQLException {
        return pool().warmUp();
    }

    /** {@return the circuit breaker's state now} */
    public CircuitState circuitState() {
        return pool().circuitState();
    }

    /**
     * Closes the circuit breaker by hand, e.g. once an operator knows the database is back.
     *
     * @return the state it left
     */
    public CircuitState resetCircuit() {
        return pool().resetCircuit();
    }

    /** {@return the borrows held longer than {@code leakDetectionThreshold} right now; empty when detection is off} */
    public List<LeakReport> leaks() {
        return pool().leaks();
    }

    /** {@return whether {@link #close()} has been called} */
    public boolean isClosed() {
        Pool running = pool;
        return running != null ? running.isClosed() : closedBeforeStart;
    }

    /** {@return the pool's name, as set by {@code poolName} (names it in logs, thread names and JMX)} */
    public String poolName() {
        Pool running = pool;
        return running != null ? running.name() : settings.given(Settings.POOL_NAME);
    }

    /**
     * {@return the configuration in force: the one the pool started with, with the sizes, timeouts and
     * credentials changed since (by {@link #resize} or the setters); null for a bean whose pool has not
     * started} An autoscaled pool's current size is in {@link #stats()}.
     */
    public PoolConfig config() {
        Pool running = pool;
        return running != null ? running.config() : null;
    }

    /**
     * Shuts the pool down: new borrows fail at once, idle connections close, borrowed connections get up to
     * {@code shutdownTimeout} to come back before they are aborted. Idempotent.
     */
    @Override
    public void close() {
        startLock.lock();
        try {
            if (pool == null) {
                closedBeforeStart = true;
                return;
            }
        } finally {
            startLock.unlock();
        }
        PoolMXBeanRegistration registration = mxBean;
        if (registration != null) {
            registration.unregister();
        }
        pool.close();
        ConnectionBudget.Seat seat = budgetSeat;
        if (seat != null) {
            seat.leave();
        }
    }

    /** The pool as JMX may see and drive it: the same operations this class offers, and no more. */
    private ManagedPool managed(Pool pool) {
        return new ManagedPool() {
            @Override public String poolName() { return pool.name(); }
            @Override public PoolStats stats() { return pool.stats(); }
            @Override public PoolHealth health() { return pool.health(); }
            @Override public CircuitState circuitState() { return pool.circuitState(); }
            @Override public void softEvictConnections() { pool.softEvictConnections(); }
            @Override public void suspend() { pool.suspend(); }
            @Override public void resume() { pool.resume(); }
            @Override public CircuitState resetCircuit() { return pool.resetCircuit(); }
            @Override public void resize(int minimumIdle, int maximumPoolSize) { CisternDataSource.this.resize(pool, minimumIdle, maximumPoolSize); }
            @Override public PoolConfig config() { return pool.config(); }
            @Override public <T> void change(Setting<T> setting, T value) { CisternDataSource.this.change(setting, value); }
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
        DataSource target = target();
        if (target != null && iface.isInstance(target)) {
            return iface.cast(target);
        }
        throw new SQLException("CisternDataSource does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        DataSource target = target();
        return iface.isInstance(this) || (target != null && iface.isInstance(target));
    }

    /** The data source connections come from, if one was configured instead of a URL. */
    private DataSource target() {
        Pool running = pool;
        return running != null ? running.config().dataSource() : settings.given(Settings.DATA_SOURCE);
    }

    @Override
    public String toString() {
        Pool running = pool;
        if (running == null) {
            String name = settings.given(Settings.POOL_NAME);
            return "CisternDataSource[" + (name != null ? name + ", " : "")
                    + (closedBeforeStart ? "closed" : "not started") + "]";
        }
        return "CisternDataSource[" + running.name() + (running.isClosed() ? ", closed" : "") + "]";
    }
}
