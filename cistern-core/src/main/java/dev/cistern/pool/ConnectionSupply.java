package dev.cistern.pool;

import dev.cistern.CircuitOpenException;
import dev.cistern.CircuitState;
import dev.cistern.PoolConfig;
import dev.cistern.PoolInitializationException;
import dev.cistern.dialect.Dialect;
import dev.cistern.dialect.ServerView;
import dev.cistern.proxy.ProxyConnection;
import dev.cistern.resilience.Backoff;
import dev.cistern.resilience.CircuitBreaker;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;

/**
 * The pool's supply of physical connections: opens them when there is demand (waiters not covered by idle
 * connections, or fewer idle than {@code minimumIdle}), on creator threads, with retries, backoff and the
 * circuit breaker; opens the first one at start-up; and retires them. While the server refuses connections
 * as full, creation goes one at a time through {@link ServerRefusing} and the circuit breaker is left out of it.
 *
 * <p>Invariants (stress-tested in {@code PoolStressTest}, with resize storms and autoscaling):
 * <ol>
 *   <li>{@code slots} = entries lent out or idle + creations in flight; a creation first reserves a slot,
 *       and only while fewer than the effective maximum are taken; a retirement frees one. So the pool
 *       never grows past its limit; after the limit is lowered the surplus is retired as it becomes idle
 *       or comes back.</li>
 *   <li>Every physical connection the pool opens is closed exactly once: retirement moves the entry to
 *       REMOVED with an atomic swap, and only the swap that changed the state closes it.</li>
 *   <li>Two threads never both open a connection for the same shortfall: {@link #requestConnections} is a
 *       drain loop, so one thread at a time looks at demand and repeats for requests made meanwhile.</li>
 * </ol>
 */
final class ConnectionSupply {
    // Logged under the pool's category: what the pool reports about connects belongs with the rest.
    private static final Logger log = PoolLog.LOG;
    private static final int MAX_CREATOR_THREADS = 4;
    /** Below this much time left, start-up makes no further connection attempt. */
    private static final long MIN_ATTEMPT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final PoolEntry.Owner pool;
    private final PoolConfig config;
    private final String name;
    private final ConnectionFactory factory;
    private final ErrorText errors;
    private final Lender lender;
    private final PoolLimits limits;
    private final PoolCounters counters;
    /** Null when no listener is configured. */
    private final PoolEvents events;
    /** Null unless {@code metrics.latency} is on. */
    private final LatencyRecording latency;
    private final CircuitBreaker circuit;
    private final Dialect dialect;
    private final ServerRefusing serverFull;
    private final Failover failover;
    private final CreationRate creationRate;
    private final AtomicBoolean closed;
    private final Backoff backoff;
    private final BoundedConnect boundedConnect;
    private final ThreadPoolExecutor creator;
    private final ThreadPoolExecutor closer;
    private final Timeouts timeouts;
    private final AtomicLong nextConnectionId = new AtomicLong();
    private final AtomicInteger slots = new AtomicInteger();
    private final AtomicInteger creationsInFlight = new AtomicInteger();
    private final AtomicInteger fillRequests = new AtomicInteger();
    /** The latest failed connect; null once a connect succeeds again. */
    private volatile ConnectError lastConnectError;

    ConnectionSupply(PoolEntry.Owner pool, PoolParts parts) {
        this.pool = pool;
        this.config = parts.config;
        this.name = parts.name;
        this.factory = parts.factory;
        this.errors = parts.errors;
        this.lender = parts.lender;
        this.limits = parts.limits;
        this.counters = parts.counters;
        this.events = parts.events;
        this.latency = parts.latency;
        this.circuit = parts.circuit;
        this.dialect = parts.dialect;
        this.serverFull = new ServerRefusing(parts, ServerRefusing.PAUSE_NANOS);
        this.failover = new Failover(parts, this::retire);
        this.creationRate = new CreationRate(config.connectionCreationRate(), config.minimumIdle());
        this.closed = parts.closed;
        this.backoff = new Backoff(config.retryBackoff(), config.retryBackoffMax());
        this.boundedConnect = new BoundedConnect(name);
        this.creator = PoolThreads.workers(name, "creator", MAX_CREATOR_THREADS);
        this.closer = PoolThreads.workers(name, "closer", 1);
        this.timeouts = parts.timeouts;
    }

    ConnectError lastConnectError() {
        return lastConnectError;
    }

    ServerRefusing serverFull() {
        return serverFull;
    }

    Failover failover() {
        return failover;
    }

    /** {@return whether a connect failure was the server refusing more connections as full} */
    boolean isServerFull(SQLException e) {
        return dialect.isServerFull(e);
    }

    /**
     * {@return whether a connect failure came from a server that answers but gives no usable connection now: full,
     * or without the role the pool wants (a failover)} Such a refusal is counted and enters {@link ServerRefusing}.
     */
    private boolean refusedByLiveServer(SQLException failure, int held) {
        boolean full = dialect.isServerFull(failure);
        if (!full && !failover.isWrongServer(failure)) {
            return false;
        }
        serverFull.refused(failure, held, full);
        return true;
    }

    /** {@return whether a connect failure is one {@link #refusedByLiveServer} counts, without counting it} */
    boolean isLiveRefusal(SQLException failure) {
        return dialect.isServerFull(failure) || failure instanceof Failover.WrongServerException
                || dialect.isNoServerOfRole(failure);
    }

    int slotsTaken() {
        return slots.get();
    }

    /** Runs the driver's out-of-band work (network timeouts, aborts) and physical closes, off the hot path. */
    ThreadPoolExecutor closer() {
        return closer;
    }

    ThreadPoolExecutor creator() {
        return creator;
    }

    BoundedConnect boundedConnect() {
        return boundedConnect;
    }

    // ---- demand -------------------------------------------------------------------------------------

    /**
     * Asks for new connections: one per waiter not covered by a free entry or a creation in flight, and
     * enough to keep {@code minimumIdle} idle. Callers on many threads are serialised by a drain loop (the
     * first caller does the work and repeats it for requests that arrived meanwhile), so two threads
     * never both see the same shortfall and open a connection each for it.
     */
    void requestConnections() {
        if (fillRequests.getAndIncrement() != 0) {
            return; // the thread already in the loop will look again on our behalf
        }
        int missed = 1;
        do {
            if (!closed.get() && !circuitBlocksCreation()) {
                int idle = lender.countInState(PoolEntry.IDLE); // free entries already cover that many waiters
                if (serverFull.isFull()) {
                    fillOneAtATime(idle);
                } else {
                    while (creationsInFlight.get() + idle < lender.waiterCount() && reserveSlot()) {
                        submitCreate();
                    }
                    while (limits.minimumIdle() - lender.countInState(PoolEntry.IDLE) - creationsInFlight.get() > 0
                            && reserveSlot()) {
                        submitCreate();
                    }
                }
            }
            missed = fillRequests.addAndGet(-missed);
        } while (missed != 0);
    }

    /** While the server is full: one creation at a time, and none once the pool has what it wants. */
    private void fillOneAtATime(int idle) {
        if (creationsInFlight.get() != 0) {
            return;
        }
        int wanted = Math.max(lender.waiterCount() - idle, limits.minimumIdle() - idle);
        if (wanted <= 0 || slots.get() >= limits.effectiveMaximumPoolSize()) {
            serverFull.demandMet(lender.size());
        } else if (reserveSlot()) {
            submitCreate();
        }
    }

    /**
     * Whether the creation in flight on this thread is still wanted: a waiter or {@code minimumIdle} not
     * covered by idle connections and the other creations, within the size the pool may have now.
     */
    private boolean stillWanted() {
        int covered = lender.countInState(PoolEntry.IDLE) + creationsInFlight.get() - 1;
        return slots.get() <= limits.effectiveMaximumPoolSize()
                && (lender.waiterCount() > covered || limits.minimumIdle() > covered);
    }

    /** True while the circuit is open and not yet due for its probe, or while the probe is in flight. */
    private boolean circuitBlocksCreation() {
        CircuitState state = circuit.state();
        return state == CircuitState.HALF_OPEN
                || (state == CircuitState.OPEN && circuit.nanosUntilProbe(System.nanoTime()) > 0);
    }

    private boolean reserveSlot() {
        for (;;) {
            int taken = slots.get();
            if (taken >= limits.effectiveMaximumPoolSize()) {
                return false;
            }
            if (slots.compareAndSet(taken, taken + 1)) {
                return true;
            }
        }
    }

    private void submitCreate() {
        creationsInFlight.incrementAndGet();
        try {
            creator.execute(this::createInBackground);
        } catch (RejectedExecutionException e) {
            creationsInFlight.decrementAndGet();
            slots.decrementAndGet();
        }
    }

    private void createInBackground() {
        PoolEntry entry;
        try {
            entry = createEntry();
        } catch (SQLException e) {
            creationsInFlight.decrementAndGet();
            slots.decrementAndGet();
            // Read after this creation stopped counting as in flight: a waiter that queues from now on asks
            // for a connection of its own, so this failure is not its to report.
            long failedAt = System.nanoTime();
            if (closed.get()) {
                return;
            }
            if (isLiveRefusal(e)) {
                // Another creation asks the full server already, or this one is no longer wanted; borrowers
                // wait. Demand that arrived while this creation counted as in flight is looked at now (while
                // the prober is in flight this does nothing, so it cannot loop).
                requestConnections();
                return;
            }
            if (e instanceof CircuitOpenException) {
                // Refused because another creation held the probe. That probe may have closed the circuit
                // and looked at demand while this creation still counted as in flight; look again now, or
                // the refill would stall until the next housekeeping round. (While the circuit blocks
                // creation this does nothing, so it cannot loop.) Its transition was logged already.
                requestConnections();
                return;
            }
            String what = "could not open a connection to " + errors.target()
                    + (ConnectFailures.isHopeless(e) ? " (not retried, as it cannot succeed on retry)"
                            : " after " + (config.maxRetries() + 1) + " attempts") + ": " + errors.describe(e);
            log.warn("{} - {}", name, what);
            if (lender.size() == 0 && creationsInFlight.get() == 0) {
                // Nothing to lend and nothing on the way: tell the waiters now rather than at their timeout.
                lender.failWaitersQueuedBefore(failedAt, new SQLTransientConnectionException(name + " - " + what,
                        e.getSQLState(), errors.safeCause(e)));
            }
            return;
        }
        added(entry);
        if (closed.get()) {
            creationsInFlight.decrementAndGet();
            retire(entry, "pool closed");
            return;
        }
        if (!lender.handToOldestWaiter(entry)) { // it was opened for a waiter: give it to the oldest one outright
            lender.offer(entry);
        }
        // Only now is the creation no longer in flight: counting it down before the hand-off would let a
        // waiter already served look unserved and open a connection nobody needs. Look at demand again,
        // since a waiter that arrived meanwhile counted on this creation.
        creationsInFlight.decrementAndGet();
        requestConnections();
    }

    private void added(PoolEntry entry) {
        lender.add(entry);
        failover.opened(entry); // with role=primary, a new primary retires the connections on the old one
        counters.created.incrementAndGet();
        if (events != null) {
            events.created(entry.id);
        }
    }

    /**
     * Opens a connection in the background, retrying with backoff up to {@code maxRetries} times, unless
     * the failure cannot succeed on retry. Each attempt asks the circuit breaker first and reports to it.
     */
    private PoolEntry createEntry() throws SQLException {
        try {
            return createEntryAttempts();
        } finally {
            serverFull.leaveProbe(); // a no-op unless this creation was the one asking a full server
        }
    }

    private PoolEntry createEntryAttempts() throws SQLException {
        for (int attempt = 0; ; attempt++) {
            if (closed.get()) {
                throw new SQLException("pool is closed", "08003");
            }
            if (!circuit.tryAcquirePermission(System.nanoTime())) {
                throw new CircuitOpenException("circuit breaker is open; not opening a connection", null);
            }
            awaitCreationMoment();
            SQLException failure;
            try {
                PoolEntry entry = connectOnce(timeouts.connectionTimeoutNanos());
                circuit.onSuccess();
                return entry;
            } catch (SQLException e) {
                failure = e;
            }
            if (refusedByLiveServer(failure, lender.size())) {
                circuit.onSuccess(); // a full server answered: it is up, so nothing counts towards the circuit
                if (!serverFull.claimProbe() || !stillWanted()) {
                    throw failure;
                }
                serverFull.pause(Long.MAX_VALUE);
                if (!stillWanted()) {
                    throw failure;
                }
                attempt = -1; // not a retry: the prober asks until it gets a slot or is not wanted
                continue;
            }
            circuit.onConnectFailure(errors.safeCause(failure), System.nanoTime());
            if (attempt >= config.maxRetries() || ConnectFailures.isHopeless(failure)) {
                throw failure;
            }
            log.debug("{} - connection attempt {} failed, retrying: {}", name, attempt + 1, errors.describe(failure));
            LockSupport.parkNanos(this, backoff.delayNanos(attempt));
            if (Thread.currentThread().isInterrupted()) {
                throw failure;
            }
        }
    }

    /** Sleeps until this creation's moment under {@code connectionCreationRate} (see {@link CreationRate}). */
    private void awaitCreationMoment() throws SQLException {
        long moment = creationRate.reserve(System.nanoTime());
        for (long left = moment - System.nanoTime(); left > 0; left = moment - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
            if (closed.get()) {
                throw new SQLException("pool is closed", "08003");
            }
        }
    }

    /**
     * One connection attempt, bounded by {@code timeoutNanos} even when the driver hangs. Counts a failure
     * and remembers it for messages; a success forgets the last failure, so later timeouts do not cite an
     * error the database has recovered from.
     */
    private PoolEntry connectOnce(long timeoutNanos) throws SQLException {
        long start = System.nanoTime();
        try {
            Connection physical = boundedConnect.open(factory::open, timeoutNanos);
            ConnectionDefaults defaults;
            ServerView server;
            try {
                server = failover.inspect(physical);
                failover.admit(server);
                defaults = factory.captureDefaults(physical);
            } catch (SQLException | RuntimeException e) {
                ConnectionFactory.closeQuietly(physical);
                throw e;
            }
            lastConnectError = null;
            long opened = System.nanoTime();
            PoolEntry entry = new PoolEntry(pool, nextConnectionId.incrementAndGet(), physical, defaults, opened,
                    lifetimeWithJitter(), server);
            if (latency != null) {
                latency.created(opened - start);
                latency.track(entry);
            }
            return entry;
        } catch (SQLException | RuntimeException e) {
            SQLException failure = e instanceof SQLException ? (SQLException) e
                    : new SQLException(e.toString(), "08001", e);
            counters.createFailures.incrementAndGet();
            lastConnectError = new ConnectError(failure, System.nanoTime());
            throw failure;
        }
    }

    /** maxLifetime less up to {@code maxLifetimeVariance} of it, so connections opened together do not all retire together. */
    private long lifetimeWithJitter() {
        long maxLifetimeNanos = timeouts.maxLifetimeNanos();
        if (maxLifetimeNanos <= 0) {
            return 0;
        }
        long jitter = (long) (maxLifetimeNanos * config.maxLifetimeVariance());
        return maxLifetimeNanos - (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter) : 0);
    }

    // ---- start-up -----------------------------------------------------------------------------------

    /**
     * Applies {@code initializationFailTimeout}: &lt;0 open nothing now, 0 try but start anyway, &gt;0 throw
     * {@link PoolInitializationException} when no first connection could be opened. Then fills up to
     * {@code minimumIdle} in the background.
     */
    void openFirstConnection() {
        long failTimeoutNanos = config.initializationFailTimeout().toNanos();
        if (failTimeoutNanos >= 0 && reserveSlot()) {
            try {
                PoolEntry entry = openAtStartUp(failTimeoutNanos);
                added(entry);
                lender.offer(entry);
            } catch (StartUpFailure failure) {
                slots.decrementAndGet();
                if (failTimeoutNanos > 0) {
                    throw new PoolInitializationException(name + " - " + failure.getMessage(),
                            errors.safeCause(failure.driverError));
                }
                log.warn("{} - {}; starting anyway", name, failure.getMessage());
            }
        }
        requestConnections();
    }

    /** Why start-up gave up: the message for the user, and the driver's exception. */
    private static final class StartUpFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SQLException driverError;

        StartUpFailure(String message, SQLException driverError) {
            super(message, null, false, false);
            this.driverError = driverError;
        }
    }

    /**
     * Opens the first connection, as HikariCP does: within one budget of {@code connectionTimeout} or
     * {@code initializationFailTimeout}, whichever is longer. Failed attempts are retried with backoff at
     * least {@code maxRetries} times, and beyond that while {@code initializationFailTimeout} lasts, but
     * never past the budget; each attempt gets at most what is left of it. A failure that cannot succeed on
     * retry (see {@link ConnectFailures}) ends it at once. The circuit breaker is not consulted: start-up
     * has its own deadline, and a circuit opened by its first failures would only cut it short.
     */
    private PoolEntry openAtStartUp(long failTimeoutNanos) throws StartUpFailure {
        long start = System.nanoTime();
        long keepTryingUntil = start + failTimeoutNanos;
        long connectionTimeoutNanos = timeouts.connectionTimeoutNanos();
        long deadline = start + Math.max(connectionTimeoutNanos, failTimeoutNanos);
        for (int attempt = 1; ; attempt++) {
            SQLException failure;
            try {
                return connectOnce(Math.min(connectionTimeoutNanos, deadline - System.nanoTime()));
            } catch (SQLException e) {
                failure = e;
            }
            long now = System.nanoTime();
            long left = deadline - now;
            boolean full = refusedByLiveServer(failure, 0);
            boolean hopeless = ConnectFailures.isHopeless(failure);
            boolean moreWanted = attempt <= config.maxRetries() || now - keepTryingUntil < 0;
            if (hopeless || !moreWanted || left < MIN_ATTEMPT_NANOS || closed.get()) {
                String tried = hopeless ? "not retried, as it cannot succeed on retry"
                        : attempt + (attempt == 1 ? " attempt" : " attempts") + " in " + Elapsed.describe(now - start);
                throw new StartUpFailure("could not open a connection to " + errors.target() + " (" + tried + "): "
                        + errors.describe(failure), failure);
            }
            if (full) {
                serverFull.pause(left - MIN_ATTEMPT_NANOS); // about five times a second; ServerRefusing logs it
            } else {
                long pause = Math.min(backoff.delayNanos(attempt - 1), left - MIN_ATTEMPT_NANOS);
                log.info("{} - connection attempt {} failed; retrying in {}: {}", name, attempt,
                        Elapsed.describe(pause), errors.describe(failure));
                LockSupport.parkNanos(this, pause);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new StartUpFailure("interrupted while opening a first connection to " + errors.target()
                        + "; last error: " + errors.describe(failure), failure);
            }
        }
    }

    // ---- retirement ---------------------------------------------------------------------------------

    /** Retires an entry the caller holds (or one being force-closed); only the first call has effect. */
    void retire(PoolEntry entry, String reason) {
        if (!takeOut(entry)) {
            return;
        }
        ProxyConnection proxy = entry.proxy;
        if (proxy != null) {
            proxy.invalidate("connection was closed by the pool: " + reason);
        }
        log.debug("{} - retiring connection {}: {}", name, entry.id, reason);
        if (events != null) {
            events.evicted(entry.id, reason);
        }
        closeInBackground(entry.physical);
    }

    /** Retires a connection still borrowed at shutdown: its holder is cut off and the connection aborted. */
    void abort(PoolEntry entry) {
        ProxyConnection proxy = entry.proxy;
        if (proxy != null) {
            proxy.invalidate("connection was aborted: the pool was closed while it was borrowed");
        }
        if (!takeOut(entry)) {
            return;
        }
        log.warn("{} - aborting a connection still borrowed after shutdownTimeout", name);
        try {
            entry.physical.abort(closer);
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            ConnectionFactory.closeQuietly(entry.physical);
        }
    }

    /** Moves the entry to REMOVED and out of the pool's books; false if it was retired already (invariant 2). */
    private boolean takeOut(PoolEntry entry) {
        if (entry.getAndSetState(PoolEntry.REMOVED) == PoolEntry.REMOVED) {
            return false;
        }
        lender.remove(entry);
        slots.decrementAndGet();
        counters.destroyed.incrementAndGet();
        if (entry.borrowCount > 0) {
            counters.borrowsByRetired.addAndGet(entry.borrowCount);
            counters.reusedByRetired.addAndGet(entry.borrowCount - 1);
        }
        if (latency != null) {
            latency.untrack(entry);
        }
        return true;
    }

    /** Closes a physical connection off the caller's thread; then its server slot is free (ServerRefusing). */
    private void closeInBackground(Connection physical) {
        try {
            closer.execute(() -> {
                ConnectionFactory.closeQuietly(physical);
                serverFull.slotFreed();
            });
        } catch (RejectedExecutionException e) {
            ConnectionFactory.closeQuietly(physical);
        }
    }
}
