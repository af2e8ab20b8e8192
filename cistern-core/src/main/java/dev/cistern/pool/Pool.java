package dev.cistern.pool;

import dev.cistern.CircuitState;
import dev.cistern.Latency;
import dev.cistern.LeakReport;
import dev.cistern.PoolConfig;
import dev.cistern.PoolHealth;
import dev.cistern.PoolInitializationException;
import dev.cistern.PoolStats;
import dev.cistern.SQLExceptionOverride;
import dev.cistern.ScaleDecision;
import dev.cistern.dialect.Dialect;
import dev.cistern.proxy.ProxyConnection;
import dev.cistern.resilience.CircuitBreaker;
import dev.cistern.stats.Histograms;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * One pool, wired from its parts: the {@link Lender} (entries, claim, offer, the waiter queue), the
 * {@link ConnectionSupply} (opening and retiring physical connections, start-up), {@link Borrowing} (the
 * borrow and return paths, each borrow within one deadline), {@link RuntimeControl} (resize, shrink,
 * evict, suspend), {@link Housekeeping} (background upkeep, leak checks, autoscaling) and
 * {@link Shutdown}. This class owns their life cycle, the circuit breaker's reactions and the stats;
 * the invariants live with the parts that keep them.
 */
public final class Pool {
    private static final Logger log = PoolLog.LOG;

    /** The configuration in force: the one the pool started with, plus every change made while it runs. */
    private volatile PoolConfig config;
    /** Serializes those changes; never taken on the borrow/return path. */
    private final ReentrantLock configChanges = new ReentrantLock();
    private final Timeouts timeouts;
    private final String name;
    private final Dialect dialect;
    private final ConnectionFactory factory;
    private final ErrorText errors;
    private final AtomicBoolean closed;
    private final PoolLimits limits;
    private final PoolCounters counters;
    private final PoolEvents events;
    private final LeakWatch leakWatch;
    private final LatencyRecording latency;
    private final RecentWindow recent;
    private final CircuitBreaker circuit;
    private final Suspension suspension;
    private final Lender lender;
    private final ConnectionSupply supply;
    private final Refusals refusals;
    private final Borrowing borrowing;
    private final RuntimeControl control;
    private final Housekeeping housekeeping;
    private final Shutdown shutdown;
    private final Failover failover;
    /** Null unless the pool is a fleet member ({@code fleet.name}). */
    private final FleetBudget fleet;
    private final long clockResolutionNanos;
    private final int defaultQueryTimeoutSeconds;
    /** Non-null behind a transaction-mode pooler (poolerMode=TRANSACTION). */
    private final dev.cistern.proxy.PerTransactionSettings perTransaction;
    /** Held open for the pool's life where the database needs it (an in-memory SQLite database). */
    private Connection anchor;

    public Pool(PoolConfig config) {
        this(config, Integer.MAX_VALUE);
    }

    /**
     * A pool that starts within its share of a connection budget ({@code budget.name}); its owner tells it of
     * later shares through {@link #setBudgetShare}.
     */
    public Pool(PoolConfig config, int budgetShare) {
        this.config = config;
        PoolParts parts = new PoolParts(config, budgetShare, this::circuitChanged);
        this.name = parts.name;
        this.dialect = parts.dialect;
        this.factory = parts.factory;
        this.errors = parts.errors;
        this.limits = parts.limits;
        this.timeouts = parts.timeouts;
        this.events = parts.events;
        this.leakWatch = parts.leakWatch;
        this.circuit = parts.circuit;
        this.latency = parts.latency;
        this.lender = parts.lender;
        this.closed = parts.closed;
        this.counters = parts.counters;
        this.suspension = parts.suspension;
        this.recent = new RecentWindow(config.metricsWindow().toNanos(), totals());
        PoolEntry.Owner owner = new PoolEntry.Owner() {
            @Override
            public boolean isFatal(SQLException e) {
                return Pool.this.isFatal(e);
            }

            @Override
            public boolean isReadOnlyRefusal(SQLException e) {
                return dialect.isReadOnlyRefusal(e);
            }

            @Override
            public void giveBack(PoolEntry entry, int dirtyBits, boolean rollbackNeeded, boolean broken) {
                borrowing.giveBack(entry, dirtyBits, rollbackNeeded, broken);
            }
        };
        this.supply = new ConnectionSupply(owner, parts);
        this.failover = supply.failover();
        this.refusals = new Refusals(parts, supply);
        Validator validator = new Validator(parts, supply.closer());
        ConnectionReset reset = new ConnectionReset(errors, validator, config.validateOnReturn(), supply.closer());
        this.borrowing = new Borrowing(parts, supply, validator, reset, refusals);
        this.control = new RuntimeControl(owner, parts, supply, refusals);
        this.housekeeping = new Housekeeping(parts, supply, validator, control);
        this.shutdown = new Shutdown(parts, supply, housekeeping, control, refusals);
        this.fleet = config.fleetName() == null ? null : new FleetBudget(config, this::getConnection, control, errors);
        this.defaultQueryTimeoutSeconds = (int) ((config.defaultQueryTimeout().toMillis() + 999) / 1000);
        this.perTransaction = config.poolerMode() != dev.cistern.PoolerMode.TRANSACTION ? null
                : new dev.cistern.proxy.PerTransactionSettings(dialect.type() == dev.cistern.dialect.DatabaseType.POSTGRESQL);
        this.clockResolutionNanos = CoarseClock.resolutionFor(config.aliveBypassWindow().toNanos());
        CoarseClock.register(clockResolutionNanos);
        start();
    }

    private void start() {
        try {
            if (factory.url() != null && dialect.needsAnchorConnection(factory.url())) {
                anchor = factory.openRaw();
            }
            supply.openFirstConnection();
        } catch (SQLException e) {
            stopAfterFailedStart();
            throw new PoolInitializationException(name + " - could not open the database " + errors.target()
                    + ": " + errors.describe(e), errors.safeCause(e));
        } catch (RuntimeException e) {
            stopAfterFailedStart();
            throw e;
        }
        housekeeping.start();
        if (fleet != null) {
            fleet.start(housekeeping);
        }
        housekeeping.every(recent.stepNanos(), () -> recent.file(totals()));
        log.info("{} - started: {}", name, config);
    }

    private void stopAfterFailedStart() {
        closed.set(true);
        shutdown.afterFailedStart();
        releaseResources();
    }

    private void releaseResources() {
        if (anchor != null) {
            ConnectionFactory.closeQuietly(anchor);
        }
        CoarseClock.unregister(clockResolutionNanos);
    }

    public String name() {
        return name;
    }

    public PoolConfig config() {
        return config;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * Whether an exception broke its connection: the {@code exceptionOverride}'s decision when it makes one,
     * else the dialect's rules. An override that throws is ignored for that exception.
     */
    boolean isFatal(SQLException e) {
        SQLExceptionOverride override = config.exceptionOverride();
        if (override != null) {
            SQLExceptionOverride.Decision decision;
            try {
                decision = override.decide(e);
            } catch (RuntimeException failed) {
                log.debug("{} - exceptionOverride threw; the pool's own rules decide", name, failed);
                decision = SQLExceptionOverride.Decision.DEFAULT;
            }
            if (decision == SQLExceptionOverride.Decision.KEEP) {
                return false;
            }
            if (decision == SQLExceptionOverride.Decision.EVICT) {
                return true;
            }
        }
        return dialect.isFatal(e);
    }

    public boolean isClosed() {
        return closed.get();
    }

    // ---- borrow and return --------------------------------------------------------------------------

    /** Lends a connection, waiting up to {@code connectionTimeout}. */
    public ProxyConnection getConnection() throws SQLException {
        return lend(borrowing.borrow());
    }

    /** Lends a connection, waiting up to {@code maxWaitNanos} or {@code connectionTimeout}, whichever is shorter. */
    public ProxyConnection getConnection(long maxWaitNanos) throws SQLException {
        return lend(borrowing.borrow(Math.max(0, maxWaitNanos)));
    }

    private ProxyConnection lend(PoolEntry entry) {
        ProxyConnection proxy = new ProxyConnection(entry, entry.physical, entry.defaults.autoCommit,
                defaultQueryTimeoutSeconds, perTransaction);
        entry.proxy = proxy;
        if (borrowing.tracksBorrows()) {
            borrowing.traceBorrow(entry, proxy);
        }
        return proxy;
    }

    // ---- stats --------------------------------------------------------------------------------------

    public PoolStats stats() {
        RecentWindow.Totals totals = totals();
        long now = totals.atNanos();
        PoolEntry[] all = lender.entries();
        int idle = 0;
        int active = 0;
        long reused = counters.reusedByRetired.get();
        for (PoolEntry entry : all) {
            int state = entry.state();
            if (state == PoolEntry.IDLE) {
                idle++;
            } else if (state == PoolEntry.IN_USE) {
                active++;
            }
            long borrows = entry.borrowCount;
            if (borrows > 1) {
                reused += borrows - 1;
            }
        }
        lender.notePeak(active);
        LatencyRecording.Totals latencyTotals = totals.latency();
        RecentWindow.Recent lately = recent.since(totals);
        int maximum = limits.maximumPoolSize();
        return new PoolStats(all.length, active, idle, lender.waiterCount(), counters.created.get(), reused,
                counters.destroyed.get(), lender.peakActive(), counters.timeouts.get(), counters.createFailures.get(),
                counters.serverFullRefusals.get(),
                counters.validationFailures.get(), limits.maximumPoolSize(), limits.minimumIdle(),
                limits.effectiveMaximumPoolSize(), circuit.state(),
                leakWatch == null ? 0 : leakWatch.detected(), leakWatch == null ? 0 : leakWatch.reclaimed(),
                suspension.isSuspended(), counters.scaleUps.get(), counters.scaleDowns.get(),
                counters.circuitRefusals.get(), counters.suspendedRefusals.get(), totals.borrows(), lately.borrowsPerSecond(), lately.timeouts(),
                maximum == 0 ? 0 : Math.min(1.0, (double) active / maximum),
                Duration.ofNanos(lender.oldestWaitNanos(now)), latency != null,
                latencyTotals == null ? Latency.NONE : Histograms.summarize(latencyTotals.waits()),
                latencyTotals == null ? Latency.NONE : Histograms.summarize(latencyTotals.timedUses(), latencyTotals.uses()),
                latencyTotals == null ? Latency.NONE : Histograms.summarize(latencyTotals.creations()),
                Duration.ofNanos(Math.round(lately.seconds() * 1e9)), lately.waits(), lately.uses(), lately.creations(),
                counters.wrongRoleRefusals.get(), counters.failovers.get(),
                failover.lastDurationNanos() < 0 ? null : Duration.ofNanos(failover.lastDurationNanos()), failover.servers());
    }

    /** The totals the recent window subtracts from: borrows so far and, when recorded, the latency histograms. */
    private RecentWindow.Totals totals() {
        long borrows = counters.borrowsByRetired.get();
        for (PoolEntry entry : lender.entries()) {
            borrows += entry.borrowCount;
        }
        return new RecentWindow.Totals(System.nanoTime(), borrows, counters.timeouts.get(),
                latency == null ? null : latency.totals());
    }

    /** UP, DEGRADED or DOWN, with the reasons (see {@link PoolHealth}). */
    public PoolHealth health() {
        return HealthRules.judge(stats(), closed.get(), refusals.lastErrorClause(supply.lastConnectError()),
                Elapsed.describe(config.metricsWindow().toNanos()), supply.serverFull().isFull() ? supply.serverFull().reason() : null);
    }

    /** The newest autoscaler decisions (up to 20), oldest first; empty unless autoscaling is on. */
    public List<ScaleDecision> scaleDecisions() {
        return housekeeping.scaleDecisions();
    }

    /** Borrows held past {@code leakDetectionThreshold} now; empty when detection is off. */
    public List<LeakReport> leaks() {
        return leakWatch == null ? List.of() : leakWatch.suspects(lender.entries(), System.nanoTime());
    }

    // ---- circuit breaker ----------------------------------------------------------------------------

    /** Called once per state change, by whichever thread made it. */
    private void circuitChanged(CircuitState from, CircuitState to, Throwable cause) {
        if (to == CircuitState.OPEN) {
            long openMillis = config.circuitBreakerOpenDuration().toMillis();
            log.warn("{} - circuit breaker OPEN: {}; borrowers without an idle connection fail at once;"
                    + " next probe in {} ms", name, cause != null ? errors.describe(cause) : "failures", openMillis);
            lender.failWaiters(refusals.circuitOpen(System.nanoTime()));
            housekeeping.schedule(supply::requestConnections, openMillis);
        } else if (to == CircuitState.HALF_OPEN) {
            log.info("{} - circuit breaker HALF_OPEN: trying one probe connection", name);
        } else {
            log.info("{} - circuit breaker CLOSED (was {}): the database is reachable again", name, from);
        }
        if (events != null) {
            events.circuitChanged(from, to, cause);
        }
        if (to == CircuitState.CLOSED && !closed.get()) {
            housekeeping.schedule(supply::requestConnections, 0); // refill, but not on the thread that reported
        }
    }

    public CircuitState circuitState() {
        return circuit.state();
    }

    /** Closes the circuit by hand (the operator knows the database is back); returns the state it left. */
    public CircuitState resetCircuit() {
        CircuitState was = circuit.reset();
        if (was != CircuitState.CLOSED) {
            log.info("{} - circuit breaker reset by hand", name);
        }
        supply.requestConnections();
        return was;
    }

    // ---- runtime control (see RuntimeControl) -------------------------------------------------------

    /**
     * Opens connections from now on with these credentials instead of the configured ones; the open ones
     * stay until they are retired (call {@link #softEvictConnections()} to replace them sooner).
     *
     * @throws IllegalStateException when a {@code CredentialsProvider} gives the credentials
     */
    /**
     * New credentials for connections opened from now on; null keeps that one. Refused (with
     * {@link IllegalStateException}) when a {@code credentialsProvider} gives them.
     */
    public void changeCredentials(String username, String password) {
        if (config.credentialsProvider() != null) {
            throw new IllegalStateException("the credentialsProvider gives this pool's credentials; change them there");
        }
        reconfigure(b -> {
            if (username != null) {
                b.username(username);
            }
            if (password != null) {
                b.password(password);
            }
        }, next -> factory.replaceCredentials(next.username(), next.password()));
        log.info("{} - credentials changed (user {}); new connections use them", name, config.username());
    }

    /** The pool's share of its connection budget changed: it becomes the most the pool may hold. */
    public void setBudgetShare(int share) {
        if (!closed.get()) {
            control.setBudgetShare(share);
        }
    }

    public void resize(int newMinimumIdle, int newMaximumPoolSize) {
        reconfigure(b -> b.minimumIdle(newMinimumIdle).maximumPoolSize(newMaximumPoolSize),
                next -> control.resize(newMinimumIdle, newMaximumPoolSize));
    }

    /**
     * Changes timeouts of the running pool: {@code connectionTimeout}, {@code validationTimeout},
     * {@code idleTimeout}, {@code maxLifetime} (for connections opened from now on), {@code keepaliveTime},
     * and, if leak detection was on at start, {@code leakDetectionThreshold} and {@code leakReclaimThreshold}.
     * The new values are checked by the same rules as at start; each applies from the next wait or check.
     *
     * @throws IllegalArgumentException naming the setting, for a value out of range
     * @throws IllegalStateException    for leak detection turned on or off (that needs a new pool)
     */
    public void changeTimeouts(Consumer<PoolConfig.Builder> change) {
        reconfigure(change, next -> {
            if ((leakWatch == null) != next.leakDetectionThreshold().isZero()) {
                throw new IllegalStateException("leakDetectionThreshold cannot be turned " + (leakWatch == null
                        ? "on" : "off") + " while the pool runs (it was " + (leakWatch == null ? "off" : "on")
                        + " at start); other values are taken");
            }
            timeouts.apply(next);
            if (leakWatch != null) {
                leakWatch.changeThresholds(next.leakDetectionThreshold().toNanos(), next.leakReclaimThreshold().toNanos());
            }
        });
        log.info("{} - timeouts now: connectionTimeout={}, validationTimeout={}, idleTimeout={}, maxLifetime={},"
                + " keepaliveTime={}, leakDetectionThreshold={}", name, config.connectionTimeout(),
                config.validationTimeout(), config.idleTimeout(), config.maxLifetime(), config.keepaliveTime(),
                config.leakDetectionThreshold());
    }

    /**
     * One change to the configuration in force: the changed copy is checked by the start-up rules, then
     * applied to the running parts, and only then becomes {@link #config()}. A change that fails its
     * checks or its application leaves everything as it was.
     */
    private void reconfigure(Consumer<PoolConfig.Builder> change, Consumer<PoolConfig> apply) {
        configChanges.lock();
        try {
            PoolConfig.Builder builder = config.toBuilder();
            change.accept(builder);
            PoolConfig next = builder.build();
            apply.accept(next);
            config = next;
        } finally {
            configChanges.unlock();
        }
    }

    public int shrink(int targetIdle) {
        return control.shrink(targetIdle);
    }

    public void softEvictConnections() {
        control.softEvictConnections();
    }

    public boolean evict(Connection connection) {
        return control.evict(connection);
    }

    public void suspend() {
        control.suspend();
    }

    public void resume() {
        control.resume();
    }

    public boolean isSuspended() {
        return suspension.isSuspended();
    }

    public int warmUp() throws SQLException {
        return control.warmUp();
    }

    // ---- shutdown -----------------------------------------------------------------------------------

    /** See {@link Shutdown#close()}: when this returns, every physical connection is closed. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        shutdown.close();
        releaseResources();
    }
}
