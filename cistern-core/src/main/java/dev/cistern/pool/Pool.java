package dev.cistern.pool;

import dev.cistern.CircuitOpenException;
import dev.cistern.CircuitState;
import dev.cistern.LeakReport;
import dev.cistern.PoolConfig;
import dev.cistern.PoolInitializationException;
import dev.cistern.PoolStats;
import dev.cistern.internal.Secrets;
import dev.cistern.dialect.Dialect;
import dev.cistern.proxy.ConnectionLease;
import dev.cistern.proxy.ProxyConnection;
import dev.cistern.resilience.Backoff;
import dev.cistern.resilience.CircuitBreaker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool: lends entries to borrowers and takes them back, without locks.
 *
 * <p>Borrow: claim an IDLE entry with one CAS (the scan starts at a per-thread offset so concurrent
 * borrowers spread over the entries); if none, join a FIFO queue of {@link Waiter}s, scan again, and park.
 * Return: reset what the borrower changed, mark the entry IDLE, then look at the oldest waiter: one that
 * has waited longer than {@link #FAIR_HANDOFF_NANOS} is handed the entry directly; a younger one is woken
 * to scan for it, so a borrower already on a CPU may take it first. That bounded barging avoids a
 * park/unpark per borrow under short contention, while no waiter is overtaken for long. New connections
 * are handed to the oldest waiter directly, since they were opened for it.
 *
 * <p>Invariants (each has a stress test in {@code PoolStressTest}):
 * <ol>
 *   <li>An entry is held by at most one party at a time: it leaves IDLE only by CAS, and is handed to a
 *       waiter only by the waiter's single outcome CAS.</li>
 *   <li>{@code slots} = entries in {@code entries} + creations in flight; a creation first reserves a
 *       slot, and only while fewer than {@code effectiveMax} are taken; a retirement frees one. So the pool
 *       never grows past its limit; after the limit is lowered (resize, autoscaler) the surplus is retired
 *       as it becomes idle or comes back.</li>
 *   <li>No lost wake-up: a waiter is counted and queued before it scans (and scans after every wake-up);
 *       a releaser marks the entry IDLE before it reads the count and the queue. Both are sequentially
 *       consistent, so either the waiter's scan sees the IDLE entry or the releaser sees the waiter and
 *       wakes or serves it. A waiter clears its "woken" flag before each scan, and a releaser skips the
 *       unpark only while that flag is set, i.e. only when the waiter has yet to scan. A waiter that
 *       claims an entry by scanning wakes the next one, so two quick releases that both found the same
 *       waiter still reach two waiters.</li>
 *   <li>Every physical connection the pool opens is closed exactly once: retirement moves the entry to
 *       REMOVED with an atomic swap, and only the swap that changed the state closes it.</li>
 * </ol>
 */
public final class Pool {
    private static final Logger log = LoggerFactory.getLogger(Pool.class);
    private static final VarHandle ENTRIES;
    private static final long CLOSE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int MAX_CREATOR_THREADS = 4;
    /**
     * How long a parked waiter may be overtaken by running borrowers before returns are handed to it
     * directly. Below it, borrowers that are on a CPU take free connections first, which avoids a
     * park/unpark per borrow under short contention; above it, waiters are served in arrival order.
     */
    static final long FAIR_HANDOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Scans a borrower makes, each after a {@code Thread.yield()}, before it joins the queue and parks. */
    private static final int YIELDS_BEFORE_QUEUEING = 4;
    /** Below this much time left, a borrower does not start a validation: the result would come too late. */
    private static final long MIN_VALIDATION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** With {@code aliveBypassWindow=0}, a connection opened this recently is lent once without a check. */
    private static final long JUST_OPENED_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Below this much time left, start-up makes no further connection attempt. */
    private static final long MIN_ATTEMPT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    static {
        try {
            ENTRIES = MethodHandles.lookup().findVarHandle(Pool.class, "entries", PoolEntry[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PoolConfig config;
    private final String name;
    private final Dialect dialect;
    private final ConnectionFactory factory;
    private final Backoff backoff;
    /** The largest size allowed now: {@code maximumPoolSize}, changed at runtime by {@link #resize}. */
    private volatile int ceiling;
    /** The size the pool may grow to now: the ceiling, or less while the autoscaler keeps it smaller. */
    private volatile int effectiveMax;
    private volatile int minimumIdle;
    private final long connectionTimeoutNanos;
    private final long aliveBypassNanos;
    private final long idleTimeoutNanos;
    private final long maxLifetimeNanos;
    private final long keepaliveNanos;
    private final long validationTimeoutNanos;
    private final long clockResolutionNanos;
    private final int defaultQueryTimeoutSeconds;
    /** Null when no listener is configured, so the hot path pays one null check. */
    private final PoolEvents events;
    /** Null when leak detection is off. */
    private final LeakWatch leakWatch;
    /** Whether borrows are timed and traced: for leak detection or for listeners. */
    private final boolean tracksBorrows;
    private final CircuitBreaker circuit;
    private final BoundedConnect boundedConnect;
    private final AtomicLong nextConnectionId = new AtomicLong();
    /** Null unless autoscaling is on; used only on the housekeeper thread. */
    private final AutoScaler autoScaler;
    private final AtomicLong scaleUps = new AtomicLong();
    private final AtomicLong scaleDowns = new AtomicLong();
    private volatile boolean suspended;
    private volatile CountDownLatch resumed = new CountDownLatch(0);
    /**
     * Runtime control (resize, the autoscaler's decisions, suspend/resume) applies one change at a time. A
     * j.u.c. lock, not a monitor: a virtual thread blocked on a monitor pins its carrier before JDK 24, so
     * the core uses no {@code synchronized}. Never taken on the borrow/return path.
     */
    private final ReentrantLock controlLock = new ReentrantLock();

    @SuppressWarnings("unused") // accessed through ENTRIES
    private volatile PoolEntry[] entries = new PoolEntry[0];
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiterCount = new AtomicInteger();
    private final AtomicInteger slots = new AtomicInteger();
    private final AtomicInteger pendingCreates = new AtomicInteger();
    private final AtomicInteger fillRequests = new AtomicInteger();
    /**
     * The most connections seen lent at once. There is no shared "active" counter: one incremented and
     * decremented on every borrow and return made every borrow bounce a cache line between cores and
     * halved multi-thread throughput. Instead each borrower reports how many busy entries its scan passed
     * (plus its own), and {@link #stats()} reports the exact count of that moment. Only a higher value is
     * written, so the fast path just reads this field. At saturation the figure is exact; brief peaks
     * below it that no scan or stats call saw may be missed.
     */
    private final AtomicInteger peakActive = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong destroyed = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong circuitRefusals = new AtomicLong();
    private final AtomicLong suspendedRefusals = new AtomicLong();
    private final AtomicLong createFailures = new AtomicLong();
    private final AtomicLong validationFailures = new AtomicLong();
    private final AtomicLong reusedByRetired = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The latest failed connect and when it happened; null once a connect succeeds again. */
    private volatile ConnectError lastConnectError;

    private record ConnectError(SQLException error, long atNanos) {
    }

    private final ThreadPoolExecutor creator;
    private final ThreadPoolExecutor closer;
    private final ScheduledThreadPoolExecutor housekeeper;
    private Connection anchor;

    public Pool(PoolConfig config) {
        this.config = config;
        this.name = config.poolName();
        this.dialect = config.jdbcUrl() != null ? Dialect.forUrl(config.jdbcUrl()) : Dialect.forUrl(null);
        this.factory = new ConnectionFactory(config, dialect);
        this.backoff = new Backoff(config.retryBackoff(), config.retryBackoffMax());
        this.ceiling = config.maximumPoolSize();
        this.effectiveMax = config.maximumPoolSize();
        this.minimumIdle = config.minimumIdle();
        this.connectionTimeoutNanos = config.connectionTimeout().toNanos();
        this.aliveBypassNanos = config.aliveBypassWindow().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.maxLifetimeNanos = config.maxLifetime().toNanos();
        this.keepaliveNanos = config.keepaliveTime().toNanos();
        this.validationTimeoutNanos = config.validationTimeout().toNanos();
        this.defaultQueryTimeoutSeconds = (int) ((config.defaultQueryTimeout().toMillis() + 999) / 1000);
        this.events = PoolEvents.of(name, config.listeners());
        this.leakWatch = config.leakDetectionThreshold().isZero() ? null : new LeakWatch(name,
                config.leakDetectionThreshold().toNanos(), config.leakReclaimThreshold().toNanos(), events);
        this.tracksBorrows = leakWatch != null || events != null;
        this.circuit = new CircuitBreaker(config.circuitBreakerEnabled(), config.circuitBreakerFailureThreshold(),
                config.circuitBreakerOpenDuration().toNanos(), this::circuitChanged);
        this.boundedConnect = new BoundedConnect(name);
        this.autoScaler = !config.autoscaleEnabled() ? null : new AutoScaler(config.autoscaleStep(),
                config.autoscaleScaleUpAt(), config.autoscaleScaleDownAt(), config.autoscaleWindow().toNanos(),
                config.autoscaleCooldown().toNanos(), config.autoscaleInterval().toNanos());
        this.creator = PoolThreads.workers(name, "creator", MAX_CREATOR_THREADS);
        this.closer = PoolThreads.workers(name, "closer", 1);
        this.housekeeper = PoolThreads.scheduler(name);
        this.clockResolutionNanos = CoarseClock.resolutionFor(aliveBypassNanos);
        CoarseClock.register(clockResolutionNanos);
        start();
    }

    private void start() {
        try {
            if (factory.url() != null && dialect.needsAnchorConnection(factory.url())) {
                anchor = factory.openRaw();
            }
            openFirstConnection();
        } catch (SQLException e) {
            stopAfterFailedStart();
            throw new PoolInitializationException(name + " - could not open the database " + describeTarget()
                    + ": " + describe(e), safeCause(e));
        } catch (RuntimeException e) {
            stopAfterFailedStart();
            throw e;
        }
        long period = config.housekeepingPeriod().toNanos();
        housekeeper.scheduleWithFixedDelay(this::housekeep, period, period, TimeUnit.NANOSECONDS);
        if (autoScaler != null) {
            long samplePeriod = autoscaleSamplePeriodNanos();
            housekeeper.scheduleAtFixedRate(this::autoscale, samplePeriod, samplePeriod, TimeUnit.NANOSECONDS);
        }
        if (leakWatch != null) {
            long leakPeriod = leakWatch.checkPeriodNanos();
            housekeeper.scheduleWithFixedDelay(this::checkLeaks, leakPeriod, leakPeriod, TimeUnit.NANOSECONDS);
        }
        log.info("{} - started: {}", name, config);
    }

    /** Applies {@code initializationFailTimeout}: &lt;0 start lazily, 0 try once, &gt;0 keep trying that long. */
    private void openFirstConnection() {
        long failTimeoutNanos = config.initializationFailTimeout().toNanos();
        if (failTimeoutNanos >= 0 && reserveSlot()) {
            PoolEntry entry;
            try {
                entry = openAtStartUp(failTimeoutNanos);
            } catch (StartUpFailure failure) {
                slots.decrementAndGet();
                if (failTimeoutNanos > 0) {
                    throw new PoolInitializationException(name + " - " + failure.getMessage(), safeCause(failure.cause));
                }
                log.warn("{} - {}; starting anyway", name, failure.getMessage());
                requestConnections();
                return;
            }
            addEntry(entry);
            created.incrementAndGet();
            if (events != null) {
                events.created(entry.id);
            }
            release(entry);
        }
        requestConnections();
    }

    /** Why start-up gave up: the message for the user, and the driver's exception. */
    private static final class StartUpFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SQLException cause;

        StartUpFailure(String message, SQLException cause) {
            super(message, null, false, false);
            this.cause = cause;
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
            boolean hopeless = ConnectFailures.isHopeless(failure);
            boolean moreWanted = attempt <= config.maxRetries() || now - keepTryingUntil < 0;
            if (hopeless || !moreWanted || left < MIN_ATTEMPT_NANOS || closed.get()) {
                String tried = hopeless ? "not retried, as it cannot succeed on retry"
                        : attempt + (attempt == 1 ? " attempt" : " attempts") + " in "
                        + Elapsed.describe(now - start);
                throw new StartUpFailure("could not open a connection to " + describeTarget() + " (" + tried + "): "
                        + describe(failure), failure);
            }
            long pause = Math.min(backoff.delayNanos(attempt - 1), left - MIN_ATTEMPT_NANOS);
            log.info("{} - connection attempt {} failed; retrying in {}: {}", name, attempt, Elapsed.describe(pause),
                    describe(failure));
            LockSupport.parkNanos(this, pause);
            if (Thread.currentThread().isInterrupted()) {
                throw new StartUpFailure("interrupted while opening a first connection to " + describeTarget()
                        + "; last error: " + describe(failure), failure);
            }
        }
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

    public boolean isClosed() {
        return closed.get();
    }

    // ---- borrow -------------------------------------------------------------------------------------

    /** Lends a connection, waiting up to {@code connectionTimeout}. */
    public ProxyConnection getConnection() throws SQLException {
        PoolEntry entry = borrow();
        ProxyConnection proxy = new ProxyConnection(entry, entry.physical, entry.defaults.autoCommit,
                defaultQueryTimeoutSeconds);
        entry.proxy = proxy;
        if (tracksBorrows) {
            traceBorrow(entry, proxy);
        }
        return proxy;
    }

    private void traceBorrow(PoolEntry entry, ProxyConnection proxy) {
        // The precise clock, not the coarse one: leak checks compare this stamp with System.nanoTime(), and
        // a stamp up to a coarse tick old made short holds look long. Tracing is off the fast path anyway.
        long now = System.nanoTime();
        entry.borrowedAtNanos = now;
        if (leakWatch != null) {
            leakWatch.borrowed(entry, proxy, now);
        }
        if (events != null) {
            events.borrowed(entry.id, entry.waitedNanos);
        }
    }

    /**
     * The fast path claims an idle connection that needs no check and returns without reading the precise
     * clock. Anything slower (a validation, a suspension, queueing) goes through {@link #borrowSlowly},
     * where every step spends from one deadline.
     */
    private PoolEntry borrow() throws SQLException {
        if (closed.get()) {
            throw closedException();
        }
        PoolEntry entry = null;
        if (!suspended) {
            long now = CoarseClock.now(); // see CoarseClock: a precise clock read cost half a cycle
            // A running borrower may take an IDLE entry even while others are parked: making it queue behind
            // them would cost a park/unpark per borrow under contention (a convoy). Waiters are not starved:
            // past FAIR_HANDOFF_NANOS, returns are handed to the oldest one directly (see release()).
            entry = claimIdle(now);
            if (entry != null && !needsValidation(entry, now)) {
                onBorrowed(entry);
                entry.waitedNanos = 0;
                return entry;
            }
        }
        return borrowSlowly(entry, System.nanoTime());
    }

    /**
     * A borrow that could not be served at once. One deadline, {@code start + connectionTimeout}, bounds
     * all of it: waiting out a suspension, validating idle connections (each check gets at most what is
     * left), and waiting in the queue.
     *
     * @param claimed an entry the fast path claimed that needs a check first, or null
     */
    private PoolEntry borrowSlowly(PoolEntry claimed, long start) throws SQLException {
        long deadline = start + connectionTimeoutNanos;
        if (suspended) {
            awaitResume(deadline);
        }
        PoolEntry entry = claimed;
        if (entry != null && checkBeforeLending(entry, deadline) != CheckResult.USABLE) {
            entry = null;
        }
        if (entry == null) {
            entry = claimUsable(deadline);
        }
        if (entry == null) {
            entry = claimAfterYielding(deadline);
        }
        if (entry != null) {
            onBorrowed(entry);
            entry.waitedNanos = System.nanoTime() - start;
            return entry;
        }
        long now = System.nanoTime();
        if (circuit.rejectsWaiting(now)) {
            circuitRefusals.incrementAndGet();
            notifyTimeout(0);
            throw circuitOpenException(now);
        }
        entry = awaitEntry(deadline);
        entry.waitedNanos = System.nanoTime() - start;
        return entry;
    }

    /** Parks a borrower while the pool is suspended, up to its deadline. */
    private void awaitResume(long deadline) throws SQLException {
        CountDownLatch latch = resumed;
        try {
            if (suspended && !latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                suspendedRefusals.incrementAndGet();
                notifyTimeout(connectionTimeoutNanos);
                throw new SQLTransientConnectionException(name + " - pool is suspended; connection not available"
                        + " within " + TimeUnit.NANOSECONDS.toMillis(connectionTimeoutNanos) + " ms", "08001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(name + " - interrupted while the pool was suspended", "08001");
        }
        if (closed.get()) {
            throw closedException();
        }
    }

    /**
     * Claims an IDLE entry with one CAS, retiring on the way any that are evicted or past their lifetime
     * (cheap checks, no I/O); null when none is free. The caller decides whether it needs validation.
     */
    private PoolEntry claimIdle(long now) {
        for (;;) {
            PoolEntry[] all = entries;
            int count = all.length;
            if (count == 0) {
                return null;
            }
            int index = (int) (Thread.currentThread().getId() % count);
            PoolEntry claimed = null;
            int scannedBusy = 0;
            for (; scannedBusy < count; scannedBusy++) {
                PoolEntry entry = all[index];
                if (entry.state() == PoolEntry.IDLE && entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.IN_USE)) {
                    claimed = entry;
                    break;
                }
                if (++index == count) {
                    index = 0;
                }
            }
            if (claimed == null) {
                notePeak(count);
                return null;
            }
            if (claimed.evicted) {
                retire(claimed, "evicted");
                requestConnections();
            } else if (claimed.isExpired(now)) {
                retire(claimed, "reached maxLifetime");
                requestConnections();
            } else {
                notePeak(scannedBusy + 1);
                return claimed;
            }
        }
    }

    /**
     * Whether an entry must be validated before it is lent: when it was not seen alive within
     * {@code aliveBypassWindow}. A window of 0 means every borrow, hand-offs included, except the first
     * borrow of a connection opened moments ago: its connect and set-up have just proved it alive.
     */
    private boolean needsValidation(PoolEntry entry, long now) {
        if (aliveBypassNanos == 0) {
            return entry.borrowCount != 0 || now - entry.createdNanos >= JUST_OPENED_NANOS;
        }
        return now - entry.lastKnownAliveNanos() >= aliveBypassNanos;
    }

    private enum CheckResult { USABLE, RETIRED, OUT_OF_TIME }

    /**
     * Validates a claimed entry if it needs it, within what is left of the borrower's deadline. A dead one
     * is retired (and a replacement asked for); when no time is left for the check, the entry goes back
     * unchecked for someone else, never lent unchecked.
     */
    private CheckResult checkBeforeLending(PoolEntry entry, long deadline) {
        if (!needsValidation(entry, CoarseClock.now())) {
            return CheckResult.USABLE;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining < MIN_VALIDATION_NANOS) {
            release(entry);
            return CheckResult.OUT_OF_TIME;
        }
        if (validate(entry, remaining)) {
            return CheckResult.USABLE;
        }
        retire(entry, "failed validation");
        requestConnections();
        return CheckResult.RETIRED;
    }

    /** Claims and checks idle entries until one is usable; null when none is free or the time ran out. */
    private PoolEntry claimUsable(long deadline) {
        for (;;) {
            PoolEntry entry = claimIdle(CoarseClock.now());
            if (entry == null) {
                return null;
            }
            CheckResult result = checkBeforeLending(entry, deadline);
            if (result == CheckResult.USABLE) {
                return entry;
            }
            if (result == CheckResult.OUT_OF_TIME) {
                return null;
            }
        }
    }

    /**
     * Gives the CPU away a few times and scans again before queueing. When borrowers outnumber cores, the
     * connection this borrower needs is usually held by a thread that is runnable but not running; letting
     * it run and return is far cheaper than a park and an unpark. Bounded, so a pool that stays exhausted
     * costs a few yields per borrow before the borrower parks.
     */
    private PoolEntry claimAfterYielding(long deadline) {
        if (entries.length == 0 || VirtualThreads.isVirtual(Thread.currentThread())) {
            // Nothing to come back, or a virtual thread: its park costs no more than a yield, and
            // thousands of them yielding would only burn the carriers' CPU.
            return null;
        }
        for (int i = 0; i < YIELDS_BEFORE_QUEUEING; i++) {
            Thread.yield();
            PoolEntry entry = claimUsable(deadline);
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    private void onBorrowed(PoolEntry entry) {
        entry.borrowCount++;
    }

    /** Raises {@link #peakActive} to {@code seen}; a plain read when it is not higher, as on the fast path. */
    private void notePeak(int seen) {
        int peak = peakActive.get();
        while (seen > peak && !peakActive.compareAndSet(peak, seen)) {
            peak = peakActive.get();
        }
    }

    /** Queues until an entry is claimed or handed over, then checks it like any other before lending it. */
    private PoolEntry awaitEntry(long deadline) throws SQLException {
        for (;;) {
            PoolEntry entry = waitInQueue(deadline);
            if (entry.evicted || entry.isExpired(CoarseClock.now())) {
                retire(entry, entry.evicted ? "evicted" : "reached maxLifetime");
                requestConnections();
                continue;
            }
            CheckResult result = checkBeforeLending(entry, deadline);
            if (result == CheckResult.USABLE) {
                onBorrowed(entry);
                return entry;
            }
            if (result == CheckResult.OUT_OF_TIME) {
                SQLException timeout = timeoutException();
                timeouts.incrementAndGet();
                notifyTimeout(connectionTimeoutNanos);
                throw timeout;
            }
        }
    }

    private PoolEntry waitInQueue(long deadline) throws SQLException {
        Waiter waiter = new Waiter(Thread.currentThread(), System.nanoTime());
        waiterCount.incrementAndGet();
        waiters.offer(waiter);
        try {
            requestConnections();
            return waitForOutcome(waiter, deadline);
        } finally {
            if (waiter.outcome() == Waiter.CANCELLED) {
                waiters.remove(waiter);
            }
        }
    }

    private PoolEntry waitForOutcome(Waiter waiter, long deadline) throws SQLException {
        boolean interrupted = false;
        try {
            for (;;) {
                Object outcome = waiter.outcome();
                if (outcome instanceof PoolEntry) {
                    return (PoolEntry) outcome;
                }
                if (outcome instanceof SQLException) {
                    throw failedWaiter((SQLException) outcome);
                }
                // Scan after joining the queue and after every wake-up: a release marks its entry IDLE
                // before it looks for waiters, so an entry freed meanwhile is found here (invariant 3).
                // Clearing "woken" first means a release this scan misses sees it clear and unparks us.
                waiter.clearWoken();
                PoolEntry claimed = claimIdle(CoarseClock.now());
                if (claimed != null) {
                    if (cancel(waiter)) {
                        waiters.remove(waiter); // unlink first, so the wake-up below reaches someone else
                        wakeOldestWaiter(); // more entries may be free: let the next waiter look too
                        return claimed;
                    }
                    release(claimed); // an entry was handed to us meanwhile; keep that one, pass this one on
                    continue;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || closed.get()) {
                    SQLException giveUp = closed.get() ? closedException() : timeoutException(); // counts this waiter
                    if (leaveQueue(waiter)) {
                        if (!closed.get()) {
                            timeouts.incrementAndGet();
                            notifyTimeout(connectionTimeoutNanos);
                        }
                        throw giveUp;
                    }
                    continue; // an outcome arrived at the last moment
                }
                LockSupport.parkNanos(this, remaining);
                if (Thread.interrupted()) {
                    interrupted = true;
                    if (leaveQueue(waiter)) {
                        throw new SQLException(name + " - interrupted while waiting for a connection", "08001");
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A waiter giving up (timeout, interrupt, close). A release may have woken it, rather than handed it the
     * entry, just before; it will not scan now, so it passes the wake-up on to the next waiter, or that
     * one could sleep its whole timeout beside an idle connection. False when an outcome arrived first.
     */
    private boolean leaveQueue(Waiter waiter) {
        if (!cancel(waiter)) {
            return false;
        }
        waiters.remove(waiter);
        wakeOldestWaiter();
        return true;
    }

    /** A fresh exception for each waiter failed by the pool, of the same kind as the reason it was given. */
    private SQLException failedWaiter(SQLException reason) {
        if (reason instanceof CircuitOpenException) {
            circuitRefusals.incrementAndGet();
            notifyTimeout(0);
            return new CircuitOpenException(reason.getMessage(), reason.getCause());
        }
        if (!closed.get()) { // failed early: creation gave up
            timeouts.incrementAndGet();
            notifyTimeout(0);
        }
        return new SQLTransientConnectionException(reason.getMessage(), reason.getSQLState(), reason.getCause());
    }

    // ---- return -------------------------------------------------------------------------------------

    /** Called once per borrow, by the proxy's close(). */
    void giveBack(PoolEntry entry, int dirtyBits, boolean rollbackNeeded, boolean broken) {
        entry.proxy = null;
        if (tracksBorrows) {
            endBorrowTrace(entry);
        }
        String retireReason = broken ? "broken (fatal error)" : null;
        if (retireReason == null) {
            retireReason = resetForReuse(entry, dirtyBits, rollbackNeeded);
        }
        long now = CoarseClock.now();
        if (retireReason == null) {
            if (closed.get()) {
                retireReason = "pool closed";
            } else if (entry.evicted) {
                retireReason = "evicted";
            } else if (entry.isExpired(now)) {
                retireReason = "reached maxLifetime";
            } else if (slots.get() > effectiveMax) {
                retireReason = "pool resized below its current size";
            }
        }
        if (retireReason != null) {
            retire(entry, retireReason);
            requestConnections();
            return;
        }
        entry.lastAccessNanos = now;
        release(entry);
    }

    private void endBorrowTrace(PoolEntry entry) {
        long now = System.nanoTime(); // the clock traceBorrow stamped with
        if (leakWatch != null) {
            leakWatch.returned(entry, now);
        }
        if (events != null) {
            events.returned(entry.id, now - entry.borrowedAtNanos);
        }
    }

    /** Puts the connection back the way the pool lends it; returns why it must be retired instead, or null. */
    private String resetForReuse(PoolEntry entry, int dirtyBits, boolean rollbackNeeded) {
        Connection physical = entry.physical;
        try {
            if (physical.isClosed()) {
                return "closed by the application";
            }
            if (rollbackNeeded) {
                physical.rollback();
            }
            if (dirtyBits != 0) {
                restoreDefaults(entry, dirtyBits);
            }
            physical.clearWarnings();
        } catch (SQLException | RuntimeException e) {
            return "reset on return failed: " + describe(e);
        }
        if (config.validateOnReturn() && !validate(entry)) {
            return "failed validation on return";
        }
        return null;
    }

    private void restoreDefaults(PoolEntry entry, int dirtyBits) throws SQLException {
        Connection physical = entry.physical;
        ConnectionDefaults defaults = entry.defaults;
        if ((dirtyBits & ProxyConnection.DIRTY_AUTOCOMMIT) != 0) {
            physical.setAutoCommit(defaults.autoCommit);
        }
        if ((dirtyBits & ProxyConnection.DIRTY_READ_ONLY) != 0) {
            physical.setReadOnly(defaults.readOnly);
        }
        if ((dirtyBits & ProxyConnection.DIRTY_ISOLATION) != 0) {
            physical.setTransactionIsolation(defaults.transactionIsolation);
        }
        if ((dirtyBits & ProxyConnection.DIRTY_CATALOG) != 0 && defaults.catalog != null) {
            physical.setCatalog(defaults.catalog);
        }
        if ((dirtyBits & ProxyConnection.DIRTY_SCHEMA) != 0 && defaults.schema != null) {
            physical.setSchema(defaults.schema);
        }
        if ((dirtyBits & ProxyConnection.DIRTY_NETWORK_TIMEOUT) != 0 && defaults.networkTimeoutMillis >= 0) {
            physical.setNetworkTimeout(closer, defaults.networkTimeoutMillis);
        }
    }

    /**
     * Makes an entry the caller holds available again. It is marked IDLE first (so a running borrower can
     * take it without anyone parking), then the oldest waiter is looked at: one that has waited longer
     * than {@link #FAIR_HANDOFF_NANOS} is handed the entry outright, so nobody is overtaken for long;
     * a younger one is woken to compete for it. See invariant 3 for why IDLE comes before the look.
     */
    private void release(PoolEntry entry) {
        entry.setState(PoolEntry.IDLE);
        while (waiterCount.get() > 0) {
            Waiter oldest = waiters.peek();
            if (oldest == null) {
                return; // a waiter counted but not yet queued scans after queueing and finds the entry
            }
            if (oldest.outcome() != null) {
                waiters.remove(oldest); // settled (cancelled or served) but not yet unlinked
                continue;
            }
            if (System.nanoTime() - oldest.since < FAIR_HANDOFF_NANOS) {
                oldest.wake();
                return;
            }
            if (!entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.IN_USE)) {
                return; // someone claimed it meanwhile: it is theirs now
            }
            if (waiters.remove(oldest) && oldest.handOver(entry)) {
                waiterCount.decrementAndGet();
                return;
            }
            entry.setState(PoolEntry.IDLE);
        }
    }

    /** Wakes the oldest waiter so it scans for an IDLE entry; harmless if there is none. */
    private void wakeOldestWaiter() {
        while (waiterCount.get() > 0) {
            Waiter oldest = waiters.peek();
            if (oldest == null) {
                return;
            }
            if (oldest.outcome() == null) {
                oldest.wake();
                return;
            }
            waiters.remove(oldest); // settled but not yet unlinked
        }
    }

    /**
     * A waiter stops counting as demand the moment its outcome is settled (handed, failed or cancelled),
     * not when it wakes up, so that {@link #requestConnections()} does not open a connection for a waiter
     * that has already been served.
     */
    private boolean cancel(Waiter waiter) {
        if (waiter.cancel()) {
            waiterCount.decrementAndGet();
            return true;
        }
        return false;
    }

    // ---- validation ---------------------------------------------------------------------------------

    /** Checks that a connection works, within {@code validationTimeout}. */
    private boolean validate(PoolEntry entry) {
        return validate(entry, validationTimeoutNanos);
    }

    /**
     * Checks that a connection works, within {@code validationTimeout} or {@code budgetNanos}, whichever is
     * shorter. Bounded twice over: the driver is asked to give up by then ({@code isValid} timeout / query
     * timeout, whole seconds, rounded up), and where the driver supports network timeouts the socket is
     * told the same to the millisecond, which also stops drivers that ignore the first.
     */
    private boolean validate(PoolEntry entry, long budgetNanos) {
        long limitNanos = Math.min(validationTimeoutNanos, budgetNanos);
        int limitMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(limitNanos + 999_999)));
        int limitSeconds = Math.max(1, (limitMillis + 999) / 1000);
        Connection physical = entry.physical;
        int restoreNetworkTimeout = entry.defaults.networkTimeoutMillis;
        boolean alive;
        SQLException failure = null;
        try {
            if (restoreNetworkTimeout >= 0) {
                physical.setNetworkTimeout(closer, limitMillis);
            }
            String testQuery = config.connectionTestQuery();
            if (testQuery == null) {
                alive = physical.isValid(limitSeconds);
            } else {
                try (Statement statement = physical.createStatement()) {
                    statement.setQueryTimeout(limitSeconds);
                    statement.execute(testQuery);
                }
                if (!physical.getAutoCommit()) {
                    physical.rollback();
                }
                alive = true;
            }
            if (alive && restoreNetworkTimeout >= 0) {
                physical.setNetworkTimeout(closer, restoreNetworkTimeout);
            }
        } catch (SQLException e) {
            log.debug("{} - connection failed validation: {}", name, describe(e));
            failure = e;
            alive = false;
        } catch (RuntimeException e) {
            log.debug("{} - connection failed validation: {}", name, describe(e));
            failure = new SQLException(e.toString(), "08006", e);
            alive = false;
        }
        if (alive) {
            entry.lastValidatedNanos = CoarseClock.now(); // the clock the borrow path compares it with
            circuit.onSuccess();
        } else {
            validationFailures.incrementAndGet();
            circuit.onFailure(failure != null ? safeCause(failure)
                    : new SQLException("connection failed validation", "08006"), System.nanoTime(), false);
        }
        return alive;
    }

    // ---- creation -----------------------------------------------------------------------------------

    /**
     * Asks for new connections: one per waiter not covered by a free entry or a creation in flight, and
     * enough to keep {@code minimumIdle} idle. Callers on many threads are serialised by a drain loop (the
     * first caller does the work and repeats it for requests that arrived meanwhile), so two threads
     * never both see the same shortfall and open a connection each for it.
     */
    private void requestConnections() {
        if (fillRequests.getAndIncrement() != 0) {
            return; // the thread already in the loop will look again on our behalf
        }
        int missed = 1;
        do {
            if (!closed.get() && !circuitBlocksCreation()) {
                int idle = idleCount(); // free entries already cover that many waiters
                while (pendingCreates.get() + idle < waiterCount.get() && reserveSlot()) {
                    submitCreate();
                }
                while (minimumIdle - idleCount() - pendingCreates.get() > 0 && reserveSlot()) {
                    submitCreate();
                }
            }
            missed = fillRequests.addAndGet(-missed);
        } while (missed != 0);
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
            if (taken >= effectiveMax) {
                return false;
            }
            if (slots.compareAndSet(taken, taken + 1)) {
                return true;
            }
        }
    }

    private void submitCreate() {
        pendingCreates.incrementAndGet();
        try {
            creator.execute(this::createInBackground);
        } catch (RejectedExecutionException e) {
            pendingCreates.decrementAndGet();
            slots.decrementAndGet();
        }
    }

    private void createInBackground() {
        PoolEntry entry;
        try {
            entry = createEntry();
        } catch (SQLException e) {
            pendingCreates.decrementAndGet();
            slots.decrementAndGet();
            if (closed.get()) {
                return;
            }
            if (e instanceof CircuitOpenException) {
                // Refused because another creation held the probe. That probe may have closed the circuit
                // and looked at demand while this creation still counted as pending; look again now, or
                // the refill would stall until the next housekeeping round. (While the circuit blocks
                // creation this does nothing, so it cannot loop.) Its transition was logged already.
                requestConnections();
                return;
            }
            String what = "could not open a connection to " + describeTarget()
                    + (ConnectFailures.isHopeless(e) ? " (not retried, as it cannot succeed on retry)"
                            : " after " + (config.maxRetries() + 1) + " attempts") + ": " + describe(e);
            log.warn("{} - {}", name, what);
            if (entries.length == 0 && pendingCreates.get() == 0) {
                // Nothing to lend and nothing on the way: tell the waiters now rather than at their timeout.
                failWaiters(new SQLTransientConnectionException(name + " - " + what, e.getSQLState(), safeCause(e)));
            }
            return;
        }
        addEntry(entry);
        created.incrementAndGet();
        if (events != null) {
            events.created(entry.id);
        }
        if (closed.get()) {
            pendingCreates.decrementAndGet();
            retire(entry, "pool closed");
            return;
        }
        if (!handToWaiter(entry)) { // it was opened for a waiter: give it to the oldest one outright
            release(entry);
        }
        // Only now is the creation no longer pending: counting it down before the hand-off would let a
        // waiter already served look unserved and open a connection nobody needs. Look at demand again,
        // since a waiter that arrived meanwhile counted on this creation.
        pendingCreates.decrementAndGet();
        requestConnections();
    }

    private boolean handToWaiter(PoolEntry entry) {
        Waiter waiter;
        while (waiterCount.get() > 0 && (waiter = waiters.poll()) != null) {
            if (waiter.handOver(entry)) {
                waiterCount.decrementAndGet();
                return true;
            }
        }
        return false;
    }

    /**
     * Opens a connection for the pool in the background, retrying with backoff up to {@code maxRetries}
     * times, unless the failure cannot succeed on retry. Each attempt asks the circuit breaker first and
     * reports its result to it.
     */
    private PoolEntry createEntry() throws SQLException {
        for (int attempt = 0; ; attempt++) {
            if (closed.get()) {
                throw new SQLException("pool is closed", "08003");
            }
            if (!circuit.tryAcquirePermission(System.nanoTime())) {
                throw new CircuitOpenException("circuit breaker is open; not opening a connection", null);
            }
            SQLException failure;
            try {
                PoolEntry entry = connectOnce(connectionTimeoutNanos);
                circuit.onSuccess();
                return entry;
            } catch (SQLException e) {
                failure = e;
            }
            circuit.onFailure(safeCause(failure), System.nanoTime(), true);
            if (attempt >= config.maxRetries() || ConnectFailures.isHopeless(failure)) {
                throw failure;
            }
            log.debug("{} - connection attempt {} failed, retrying: {}", name, attempt + 1, describe(failure));
            LockSupport.parkNanos(this, backoff.delayNanos(attempt));
            if (Thread.currentThread().isInterrupted()) {
                throw failure;
            }
        }
    }

    /**
     * One connection attempt, bounded by {@code timeoutNanos} even when the driver hangs. Counts a failure
     * and remembers it for messages; a success forgets the last failure, so later timeouts do not cite an
     * error the database has recovered from.
     */
    private PoolEntry connectOnce(long timeoutNanos) throws SQLException {
        try {
            Connection physical = boundedConnect.open(factory::open, timeoutNanos);
            ConnectionDefaults defaults;
            try {
                defaults = factory.captureDefaults(physical);
            } catch (SQLException | RuntimeException e) {
                ConnectionFactory.closeQuietly(physical);
                throw e;
            }
            lastConnectError = null;
            return new PoolEntry(this, nextConnectionId.incrementAndGet(), physical, defaults, System.nanoTime(),
                    lifetimeWithJitter());
        } catch (SQLException | RuntimeException e) {
            SQLException failure = e instanceof SQLException ? (SQLException) e
                    : new SQLException(e.toString(), "08001", e);
            createFailures.incrementAndGet();
            lastConnectError = new ConnectError(failure, System.nanoTime());
            throw failure;
        }
    }

    /** maxLifetime less up to 2.5 %, so connections opened together do not all retire together. */
    private long lifetimeWithJitter() {
        if (maxLifetimeNanos <= 0) {
            return 0;
        }
        long jitter = maxLifetimeNanos / 40;
        return maxLifetimeNanos - (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter) : 0);
    }

    private void failWaiters(SQLException reason) {
        Waiter waiter;
        while ((waiter = waiters.poll()) != null) {
            if (waiter.fail(reason)) {
                waiterCount.decrementAndGet();
            }
        }
    }

    // ---- retirement and the entries array -----------------------------------------------------------

    /** Retires an entry the caller holds (or one being force-closed); only the first call has effect. */
    private void retire(PoolEntry entry, String reason) {
        if (entry.getAndSetState(PoolEntry.REMOVED) == PoolEntry.REMOVED) {
            return;
        }
        removeEntry(entry);
        slots.decrementAndGet();
        destroyed.incrementAndGet();
        if (entry.borrowCount > 1) {
            reusedByRetired.addAndGet(entry.borrowCount - 1);
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

    private void closeInBackground(Connection physical) {
        try {
            closer.execute(() -> ConnectionFactory.closeQuietly(physical));
        } catch (RejectedExecutionException e) {
            ConnectionFactory.closeQuietly(physical);
        }
    }

    private void addEntry(PoolEntry entry) {
        for (;;) {
            PoolEntry[] current = entries;
            PoolEntry[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = entry;
            if (ENTRIES.compareAndSet(this, current, next)) {
                return;
            }
        }
    }

    private void removeEntry(PoolEntry entry) {
        for (;;) {
            PoolEntry[] current = entries;
            int index = -1;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == entry) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                return;
            }
            PoolEntry[] next = new PoolEntry[current.length - 1];
            System.arraycopy(current, 0, next, 0, index);
            System.arraycopy(current, index + 1, next, index, current.length - index - 1);
            if (ENTRIES.compareAndSet(this, current, next)) {
                return;
            }
        }
    }

    private int idleCount() {
        int idle = 0;
        for (PoolEntry entry : entries) {
            if (entry.state() == PoolEntry.IDLE) {
                idle++;
            }
        }
        return idle;
    }

    // ---- housekeeping -------------------------------------------------------------------------------

    /** One round of background upkeep; runs on the housekeeper thread every {@code housekeepingPeriod}. */
    void housekeep() {
        try {
            long now = System.nanoTime();
            int idle = idleCount();
            for (PoolEntry entry : entries) {
                if (entry.state() != PoolEntry.IDLE || !entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                    continue;
                }
                String reason = null;
                if (entry.evicted) {
                    reason = "evicted";
                } else if (entry.isExpired(now)) {
                    reason = "reached maxLifetime";
                } else if (idleTimeoutNanos > 0 && idle > minimumIdle && now - entry.lastAccessNanos > idleTimeoutNanos) {
                    reason = "idle longer than idleTimeout";
                } else if (keepaliveNanos > 0 && now - entry.lastKnownAliveNanos() > keepaliveNanos && !validate(entry)) {
                    reason = "failed keepalive";
                }
                if (reason != null) {
                    idle--;
                    retire(entry, reason);
                } else {
                    entry.setState(PoolEntry.IN_USE); // release() may hand it straight to a waiter
                    release(entry);
                }
            }
            requestConnections();
        } catch (RuntimeException e) {
            log.warn("{} - housekeeping failed", name, e);
        }
    }

    /** Marks every connection for retirement: idle ones go now, borrowed ones when returned. */
    public void softEvictConnections() {
        for (PoolEntry entry : entries) {
            entry.evicted = true;
            if (entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                retire(entry, "evicted");
            }
        }
        requestConnections();
    }

    /**
     * Closes idle connections until at most {@code targetIdle} remain; returns how many were closed. The
     * housekeeper refills to {@code minimumIdle} later, so a target below it is temporary.
     */
    public int shrink(int targetIdle) {
        if (targetIdle < 0) {
            throw new IllegalArgumentException("targetIdle must be 0 or more; was " + targetIdle);
        }
        int closedCount = 0;
        int idle = idleCount();
        for (PoolEntry entry : entries) {
            if (idle <= targetIdle) {
                break;
            }
            if (entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                retire(entry, "shrink");
                idle--;
                closedCount++;
            }
        }
        // A waiter woken for one of those entries would now find nothing: open what waiters still need.
        requestConnections();
        return closedCount;
    }

    // ---- stats --------------------------------------------------------------------------------------

    public PoolStats stats() {
        PoolEntry[] all = entries;
        int idle = 0;
        int active = 0;
        long reused = reusedByRetired.get();
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
        notePeak(active);
        return new PoolStats(all.length, active, idle, waiterCount.get(), created.get(), reused,
                destroyed.get(), peakActive.get(), timeouts.get(), createFailures.get(), validationFailures.get(),
                ceiling, minimumIdle, effectiveMax, circuit.state(),
                leakWatch == null ? 0 : leakWatch.detected(), leakWatch == null ? 0 : leakWatch.reclaimed(),
                suspended, scaleUps.get(), scaleDowns.get(), circuitRefusals.get(), suspendedRefusals.get());
    }

    // ---- shutdown -----------------------------------------------------------------------------------

    /**
     * Stops lending, closes idle connections, waits up to {@code shutdownTimeout} for borrowed ones to come
     * back, then aborts the rest. Connects still inside the driver are interrupted and waited for (their
     * connections are closed as they arrive), and physical closes are waited for, each wait bounded by
     * {@code shutdownTimeout}. So every physical connection is closed when this returns, unless the driver
     * hangs in a connect or a close past that bound, which is logged.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("{} - closing", name);
        housekeeper.shutdownNow();
        resume(); // borrowers parked by suspend() wake up and see the pool closed
        failWaiters(new SQLException("pool is closed", "08003"));
        creator.shutdownNow();
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        awaitQuietly(creator, deadline);
        awaitConnectors(deadline);
        retireIdle();
        while (entries.length > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(this, CLOSE_POLL_NANOS);
            retireIdle();
        }
        for (PoolEntry entry : entries) {
            abortBorrowed(entry);
        }
        closer.shutdown();
        awaitQuietly(closer, System.nanoTime() + config.shutdownTimeout().toNanos());
        if (anchor != null) {
            ConnectionFactory.closeQuietly(anchor);
        }
        CoarseClock.unregister(clockResolutionNanos);
        log.info("{} - closed", name);
    }

    private void retireIdle() {
        for (PoolEntry entry : entries) {
            if (entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                retire(entry, "pool closed");
            }
        }
    }

    private void abortBorrowed(PoolEntry entry) {
        ProxyConnection proxy = entry.proxy;
        if (proxy != null) {
            proxy.invalidate("connection was aborted: the pool was closed while it was borrowed");
        }
        if (entry.getAndSetState(PoolEntry.REMOVED) == PoolEntry.REMOVED) {
            return;
        }
        removeEntry(entry);
        slots.decrementAndGet();
        destroyed.incrementAndGet();
        log.warn("{} - aborting a connection still borrowed after shutdownTimeout", name);
        try {
            entry.physical.abort(closer);
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            ConnectionFactory.closeQuietly(entry.physical);
        }
    }

    private void stopAfterFailedStart() {
        closed.set(true);
        CoarseClock.unregister(clockResolutionNanos);
        housekeeper.shutdownNow();
        creator.shutdownNow();
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        awaitQuietly(creator, deadline);
        awaitConnectors(deadline);
        retireIdle();
        closer.shutdown();
        awaitQuietly(closer, System.nanoTime() + config.shutdownTimeout().toNanos());
        if (anchor != null) {
            ConnectionFactory.closeQuietly(anchor);
        }
    }

    /** Waits for connects still in the driver, so that whatever they open is closed before close() returns. */
    private void awaitConnectors(long deadline) {
        if (!boundedConnect.shutdown(deadline)) {
            log.warn("{} - a connection attempt is still inside the driver after shutdownTimeout; the connection"
                    + " it may yet open will be closed when it arrives", name);
        }
    }

    private static void awaitQuietly(ThreadPoolExecutor executor, long deadline) {
        try {
            executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- circuit breaker ----------------------------------------------------------------------------

    /** Called once per state change, by whichever thread made it. */
    private void circuitChanged(CircuitState from, CircuitState to, Throwable cause) {
        if (to == CircuitState.OPEN) {
            long openMillis = config.circuitBreakerOpenDuration().toMillis();
            log.warn("{} - circuit breaker OPEN: {}; borrowers without an idle connection fail at once;"
                    + " next probe in {} ms", name, cause != null ? describe(cause) : "failures", openMillis);
            failWaiters(circuitOpenException(System.nanoTime()));
            scheduleQuietly(this::requestConnections, openMillis);
        } else if (to == CircuitState.HALF_OPEN) {
            log.info("{} - circuit breaker HALF_OPEN: trying one probe connection", name);
        } else {
            log.info("{} - circuit breaker CLOSED (was {}): the database is reachable again", name, from);
        }
        if (events != null) {
            events.circuitChanged(from, to, cause);
        }
        if (to == CircuitState.CLOSED && !closed.get()) {
            scheduleQuietly(this::requestConnections, 0); // refill, but not on the thread that reported
        }
    }

    private void scheduleQuietly(Runnable task, long delayMillis) {
        try {
            housekeeper.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing: nothing left to refill
        }
    }

    /**
     * The refusal for a borrower while the circuit is open. It names the last connection error (with its
     * age), not a guess at the cause: a wrong password opens the circuit as surely as a dead server.
     */
    private SQLException circuitOpenException(long now) {
        ConnectError last = lastConnectError;
        Throwable lastFailure = last != null ? last.error() : circuit.lastFailure();
        String why = last != null ? "last connection error (" + Elapsed.describe(now - last.atNanos()) + " ago): "
                + describe(last.error()) : lastFailure != null ? "last error: " + describe(lastFailure) : "repeated failures";
        long probeIn = circuit.nanosUntilProbe(now);
        return new CircuitOpenException(name + " - connection not available: circuit breaker is open after repeated"
                + " connection failures (" + why + ")"
                + (probeIn > 0 ? "; next probe in " + Elapsed.describe(probeIn) : "; a probe is due"),
                lastFailure != null ? safeCause(lastFailure) : null);
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
        requestConnections();
        return was;
    }

    // ---- leak detection -----------------------------------------------------------------------------

    /** One leak check; runs on the housekeeper thread while leak detection is on. */
    void checkLeaks() {
        try {
            leakWatch.check(entries, System.nanoTime(), this::retireReclaimed);
        } catch (RuntimeException e) {
            log.warn("{} - leak check failed", name, e);
        }
    }

    private void retireReclaimed(PoolEntry entry) {
        retire(entry, "reclaimed from its holder after leakReclaimThreshold");
        requestConnections();
    }

    /** Borrows held past {@code leakDetectionThreshold} now; empty when detection is off. */
    public List<LeakReport> leaks() {
        return leakWatch == null ? List.of() : leakWatch.suspects(entries, System.nanoTime());
    }

    // ---- autoscaling --------------------------------------------------------------------------------

    /** Five samples per interval (or per window, if shorter), and no more often than every 10 ms. */
    private long autoscaleSamplePeriodNanos() {
        long base = Math.min(config.autoscaleInterval().toNanos(), config.autoscaleWindow().toNanos());
        return Math.max(TimeUnit.MILLISECONDS.toNanos(10), base / 5);
    }

    /** One autoscaler sample; applies and logs its decision. Runs on the housekeeper thread. */
    void autoscale() {
        try {
            int active = 0;
            for (PoolEntry entry : entries) {
                if (entry.state() == PoolEntry.IN_USE) {
                    active++;
                }
            }
            int size = effectiveMax;
            AutoScaler.Decision decision = autoScaler.sample(System.nanoTime(), active, size, waiterCount.get(),
                    Math.max(1, minimumIdle), ceiling);
            if (!decision.changed() || decision.size() == size) {
                return;
            }
            (decision.size() > size ? scaleUps : scaleDowns).incrementAndGet();
            log.info("{} - autoscale: effective maximum {} -> {} ({})", name, size, decision.size(), decision.reason());
            setEffectiveMax(decision.size());
        } catch (RuntimeException e) {
            log.warn("{} - autoscaling failed", name, e);
        }
    }

    // ---- runtime control ----------------------------------------------------------------------------

    /**
     * Changes the pool's bounds while it runs. Growing takes effect at once (and connections are opened to
     * reach the new minimum); shrinking closes idle connections above the new maximum now and borrowed
     * ones as they come back, so nobody loses a connection they hold.
     */
    public void resize(int newMinimumIdle, int newMaximumPoolSize) {
        if (newMaximumPoolSize < 1 || newMaximumPoolSize > PoolConfig.maximumPoolSizeLimit()) {
            throw new IllegalArgumentException("maximumPoolSize must be between 1 and "
                    + PoolConfig.maximumPoolSizeLimit() + "; was " + newMaximumPoolSize);
        }
        if (newMinimumIdle < 0 || newMinimumIdle > newMaximumPoolSize) {
            throw new IllegalArgumentException("minimumIdle must be between 0 and maximumPoolSize ("
                    + newMaximumPoolSize + "); was " + newMinimumIdle);
        }
        controlLock.lock();
        try {
            int oldMin = minimumIdle;
            int oldMax = ceiling;
            minimumIdle = newMinimumIdle;
            ceiling = newMaximumPoolSize;
            // The autoscaler's current size stays where it was, within the new bounds.
            effectiveMax = config.autoscaleEnabled()
                    ? Math.max(Math.max(1, newMinimumIdle), Math.min(effectiveMax, newMaximumPoolSize))
                    : newMaximumPoolSize;
            log.info("{} - resized: minimumIdle {} -> {}, maximumPoolSize {} -> {}", name, oldMin, newMinimumIdle,
                    oldMax, newMaximumPoolSize);
        } finally {
            controlLock.unlock();
        }
        retireSurplusIdle();
        requestConnections();
        wakeOldestWaiter();
    }

    /** Sets the size the pool may grow to, within [max(1, minimumIdle), ceiling]; used by the autoscaler. */
    void setEffectiveMax(int size) {
        controlLock.lock();
        try {
            effectiveMax = Math.max(Math.max(1, minimumIdle), Math.min(ceiling, size));
        } finally {
            controlLock.unlock();
        }
        retireSurplusIdle();
        requestConnections();
    }

    int effectiveMax() {
        return effectiveMax;
    }

    int ceiling() {
        return ceiling;
    }

    private void retireSurplusIdle() {
        for (PoolEntry entry : entries) {
            if (slots.get() <= effectiveMax) {
                return;
            }
            if (entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                retire(entry, "pool resized below its current size");
            }
        }
    }

    /**
     * Stops lending: borrowers wait (up to {@code connectionTimeout}) until {@link #resume()}. The pool keeps
     * its connections, and connections already borrowed can be used and returned as usual.
     */
    public void suspend() {
        controlLock.lock();
        try {
            if (suspended) {
                return;
            }
            resumed = new CountDownLatch(1);
            suspended = true;
        } finally {
            controlLock.unlock();
        }
        log.info("{} - suspended", name);
    }

    /** Lets borrowers in again after {@link #suspend()}; waiting borrowers proceed at once. */
    public void resume() {
        CountDownLatch latch;
        controlLock.lock();
        try {
            if (!suspended) {
                return;
            }
            suspended = false;
            latch = resumed;
        } finally {
            controlLock.unlock();
        }
        latch.countDown();
        log.info("{} - resumed", name);
    }

    public boolean isSuspended() {
        return suspended;
    }

    /**
     * Retires the physical connection behind a connection this pool lent: at once if it is idle, otherwise
     * when its holder closes it. Returns false if the connection is not one of this pool's.
     */
    public boolean evict(Connection connection) {
        if (!(connection instanceof ProxyConnection)) {
            return false;
        }
        ConnectionLease lease = ((ProxyConnection) connection).lease();
        if (!(lease instanceof PoolEntry) || ((PoolEntry) lease).pool != this) {
            return false;
        }
        PoolEntry entry = (PoolEntry) lease;
        entry.evicted = true;
        if (entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
            retire(entry, "evicted");
            requestConnections();
        }
        return true;
    }

    /**
     * Opens connections up to {@code minimumIdle} now and waits for them, up to {@code connectionTimeout};
     * returns the number of connections the pool then holds.
     *
     * @throws SQLException when they could not all be opened in time (with the last connection error)
     */
    public int warmUp() throws SQLException {
        long deadline = System.nanoTime() + connectionTimeoutNanos;
        requestConnections();
        while (entries.length < minimumIdle) {
            if (closed.get()) {
                throw closedException();
            }
            if (System.nanoTime() - deadline >= 0) {
                ConnectError last = lastConnectError;
                throw new SQLTransientConnectionException(name + " - warm-up reached " + entries.length + " of "
                        + minimumIdle + " connections within " + TimeUnit.NANOSECONDS.toMillis(connectionTimeoutNanos)
                        + " ms" + describeLastError(last), "08001", last != null ? safeCause(last.error()) : null);
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
            requestConnections();
        }
        return entries.length;
    }

    private void notifyTimeout(long waitedNanos) {
        if (events != null) {
            events.timedOut(waitedNanos);
        }
    }

    // ---- messages -----------------------------------------------------------------------------------

    private SQLException closedException() {
        return new SQLTransientConnectionException(name + " - pool is closed", "08003");
    }

    private SQLException timeoutException() {
        PoolStats stats = stats();
        ConnectError last = lastConnectError;
        String message = name + " - connection is not available, request timed out after "
                + TimeUnit.NANOSECONDS.toMillis(connectionTimeoutNanos) + "ms (total=" + stats.total()
                + ", active=" + stats.active() + ", idle=" + stats.idle() + ", waiting=" + stats.pending() + ")"
                + describeLastError(last);
        return new SQLTransientConnectionException(message, "08001", last != null ? safeCause(last.error()) : null);
    }

    private String describeLastError(ConnectError last) {
        return last == null ? "" : "; last connection error (" + Elapsed.describe(System.nanoTime() - last.atNanos())
                + " ago): " + describe(last.error());
    }

    private String describeTarget() {
        return factory.url() != null ? Secrets.maskUrl(factory.url()) : "the configured dataSource";
    }

    private String describe(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        return factory.scrub(message);
    }

    /**
     * The exception to chain as a cause: the driver's own, so callers see its type and the socket error
     * under it, unless a message in its chain holds a password; then copies with the password scrubbed of
     * the links down to the last one that held it, and the original links below that.
     */
    private Throwable safeCause(Throwable e) {
        if (e == null || !mentionsSecret(e)) {
            return e;
        }
        String message = e.getClass().getName() + ": " + describe(e);
        Throwable safeNext = e.getCause() == e ? null : safeCause(e.getCause());
        Throwable copy = e instanceof SQLException
                ? new SQLException(message, ((SQLException) e).getSQLState(), ((SQLException) e).getErrorCode(), safeNext)
                : new RuntimeException(message, safeNext);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private boolean mentionsSecret(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            String message = t.getMessage();
            if (message != null && !factory.scrub(message).equals(message)) {
                return true;
            }
        }
        return false;
    }
}
