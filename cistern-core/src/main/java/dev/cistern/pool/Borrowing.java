package dev.cistern.pool;

import dev.cistern.CircuitOpenException;
import dev.cistern.proxy.ProxyConnection;
import dev.cistern.resilience.CircuitBreaker;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The borrow path and the return path, on top of the {@link Lender}.
 *
 * <p>Borrow: the fast path claims an idle connection that needs no check, without reading the precise
 * clock. Anything slower goes through {@link #borrowSlowly}, where one deadline ({@code connectionTimeout}
 * from the start of the call) bounds every step: waiting out a suspension, validating idle connections
 * (each check gets at most what is left), a few yields and rescans (platform threads only), and waiting
 * in the queue. Every connection, however it was found (scan, hand-off, new), passes the same check
 * before it is lent.
 *
 * <p>Return: reset what the borrower changed, retire the connection if it must go (broken, evicted,
 * expired, surplus after a resize), otherwise offer it to the next borrower.
 */
final class Borrowing {
    /** Scans a borrower makes, each after a {@code Thread.yield()}, before it joins the queue and parks. */
    private static final int YIELDS_BEFORE_QUEUEING = 4;
    /** Below this much time left, a borrower does not start a validation: the result would come too late. */
    private static final long MIN_VALIDATION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** With {@code aliveBypassWindow=0}, a connection opened this recently is lent once without a check. */
    private static final long JUST_OPENED_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private enum Check { USABLE, RETIRED, OUT_OF_TIME }

    private final Lender lender;
    private final ConnectionSupply supply;
    private final Validator validator;
    private final ConnectionReset reset;
    private final Suspension suspension;
    private final CircuitBreaker circuit;
    private final PoolLimits limits;
    private final PoolCounters counters;
    private final Refusals refusals;
    /** Null when no listener is configured. */
    private final PoolEvents events;
    /** Null when leak detection is off. */
    private final LeakWatch leakWatch;
    /** Null unless {@code metrics.latency} is on. */
    private final LatencyRecording latency;
    /** Whether borrows are traced: for leak detection, listeners or latency recording. */
    private final boolean tracksBorrows;
    /** Whether every borrow must be timed (leak detection and listeners need each one's start). */
    private final boolean timesEveryBorrow;
    private final AtomicBoolean closed;
    private final Timeouts timeouts;
    private final long aliveBypassNanos;
    /** Connections are lent read-only ({@code readOnly}): a write refused as read-only is then the borrower's own. */
    private final boolean lentReadOnly;

    Borrowing(PoolParts parts, ConnectionSupply supply, Validator validator, ConnectionReset reset, Refusals refusals) {
        this.lender = parts.lender;
        this.supply = supply;
        this.validator = validator;
        this.reset = reset;
        this.suspension = parts.suspension;
        this.circuit = parts.circuit;
        this.limits = parts.limits;
        this.counters = parts.counters;
        this.refusals = refusals;
        this.events = parts.events;
        this.leakWatch = parts.leakWatch;
        this.latency = parts.latency;
        this.timesEveryBorrow = leakWatch != null || events != null;
        this.tracksBorrows = timesEveryBorrow || latency != null;
        this.closed = parts.closed;
        this.timeouts = parts.timeouts;
        this.aliveBypassNanos = parts.config.aliveBypassWindow().toNanos();
        this.lentReadOnly = parts.config.readOnly();
    }

    // ---- borrow -------------------------------------------------------------------------------------

    /** Claims an entry for the caller, waiting up to {@code connectionTimeout}. */
    PoolEntry borrow() throws SQLException {
        return borrow(UP_TO_CONNECTION_TIMEOUT);
    }

    /** For {@link #borrow(long)}: wait as long as {@code connectionTimeout} allows. */
    static final long UP_TO_CONNECTION_TIMEOUT = -1;

    /**
     * Claims an entry, waiting up to {@code maxWaitNanos} or {@code connectionTimeout}, whichever is shorter
     * ({@link #UP_TO_CONNECTION_TIMEOUT}: the latter). The fast path is the same either way.
     */
    PoolEntry borrow(long maxWaitNanos) throws SQLException {
        if (closed.get()) {
            throw refusals.closed();
        }
        PoolEntry entry = null;
        if (!suspension.isSuspended()) {
            long now = CoarseClock.now(); // see CoarseClock: a precise clock read cost half a cycle
            // A running borrower may take an IDLE entry even while others are parked: making it queue behind
            // them would cost a park/unpark per borrow under contention (a convoy). Waiters are not starved:
            // past Lender.FAIR_HANDOFF_NANOS, returns are handed to the oldest one directly.
            entry = claimLive(now);
            if (entry != null && !needsValidation(entry, now)) {
                entry.borrowCount++;
                entry.waitedNanos = 0;
                return entry;
            }
        }
        return borrowSlowly(entry, System.nanoTime(), maxWaitNanos);
    }

    /**
     * A borrow that could not be served at once; every step spends from one deadline.
     *
     * @param claimed an entry the fast path claimed that needs a check first, or null
     */
    private PoolEntry borrowSlowly(PoolEntry claimed, long start, long maxWaitNanos) throws SQLException {
        long connectionTimeoutNanos = timeouts.connectionTimeoutNanos();
        long waitNanos = maxWaitNanos < 0 ? connectionTimeoutNanos : Math.min(maxWaitNanos, connectionTimeoutNanos);
        long deadline = start + waitNanos;
        if (suspension.isSuspended()) {
            awaitResumed(deadline);
        }
        PoolEntry entry = claimed;
        if (entry != null && checkBeforeLending(entry, deadline) != Check.USABLE) {
            entry = null;
        }
        if (entry == null) {
            entry = claimUsable(deadline);
        }
        if (entry == null) {
            entry = claimAfterYielding(deadline);
        }
        if (entry == null) {
            long now = System.nanoTime();
            if (circuit.rejectsWaiting(now)) {
                counters.circuitRefusals.incrementAndGet();
                notifyRefused(0);
                throw refusals.circuitOpen(now);
            }
            entry = awaitEntry(deadline, waitNanos);
        }
        entry.borrowCount++;
        entry.waitedNanos = System.nanoTime() - start;
        return entry;
    }

    private void awaitResumed(long deadline) throws SQLException {
        try {
            if (!suspension.awaitResumed(deadline)) {
                counters.suspendedRefusals.incrementAndGet();
                notifyRefused(timeouts.connectionTimeoutNanos());
                throw refusals.suspended();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refusals.interrupted("the pool was suspended");
        }
        if (closed.get()) {
            throw refusals.closed();
        }
    }

    /** Claims an idle entry, retiring on the way any that are evicted or past their lifetime; null if none. */
    private PoolEntry claimLive(long now) {
        for (;;) {
            PoolEntry entry = lender.claimIdle();
            if (entry == null || !retiredIfDue(entry, now)) {
                return entry;
            }
        }
    }

    /** Retires an entry the caller holds if it was evicted or reached its lifetime (cheap checks, no I/O). */
    private boolean retiredIfDue(PoolEntry entry, long now) {
        if (!entry.evicted && !entry.isExpired(now)) {
            return false;
        }
        supply.retire(entry, entry.evicted ? "evicted" : "reached maxLifetime");
        supply.requestConnections();
        return true;
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

    /**
     * Validates a claimed entry if it needs it, within what is left of the borrower's deadline. A dead one
     * is retired (and a replacement asked for); when no time is left for the check, the entry goes back
     * unchecked for someone else, never lent unchecked.
     */
    private Check checkBeforeLending(PoolEntry entry, long deadline) {
        if (!needsValidation(entry, CoarseClock.now())) {
            return Check.USABLE;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining < MIN_VALIDATION_NANOS) {
            lender.offer(entry);
            return Check.OUT_OF_TIME;
        }
        if (validator.validate(entry, remaining)) {
            return Check.USABLE;
        }
        supply.retire(entry, "failed validation");
        supply.requestConnections();
        return Check.RETIRED;
    }

    /** Claims and checks idle entries until one is usable; null when none is free or the time ran out. */
    private PoolEntry claimUsable(long deadline) {
        for (;;) {
            PoolEntry entry = claimLive(CoarseClock.now());
            if (entry == null) {
                return null;
            }
            Check result = checkBeforeLending(entry, deadline);
            if (result != Check.RETIRED) {
                return result == Check.USABLE ? entry : null;
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
        if (lender.size() == 0 || VirtualThreads.isVirtual(Thread.currentThread())) {
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

    /** Queues until an entry is claimed or handed over, then checks it like any other before lending it. */
    private PoolEntry awaitEntry(long deadline, long waitNanos) throws SQLException {
        for (;;) {
            PoolEntry entry;
            try {
                entry = lender.await(deadline, supply::requestConnections);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw refusals.interrupted("waiting for a connection");
            } catch (SQLException failed) { // the pool gave up on its waiters
                if (failed instanceof CircuitOpenException) {
                    counters.circuitRefusals.incrementAndGet();
                } else if (!closed.get()) {
                    counters.timeouts.incrementAndGet();
                }
                notifyRefused(0);
                throw failed;
            }
            if (entry == null) {
                throw closed.get() ? refusals.closed() : timedOut(waitNanos);
            }
            if (retiredIfDue(entry, CoarseClock.now())) {
                continue;
            }
            Check result = checkBeforeLending(entry, deadline);
            if (result == Check.USABLE) {
                return entry;
            }
            if (result == Check.OUT_OF_TIME) {
                throw timedOut(waitNanos);
            }
        }
    }

    private SQLException timedOut(long waitNanos) {
        SQLException timeout = refusals.timedOut(waitNanos);
        counters.timeouts.incrementAndGet();
        notifyRefused(waitNanos);
        return timeout;
    }

    private void notifyRefused(long waitedNanos) {
        if (events != null) {
            events.timedOut(waitedNanos);
        }
    }

    // ---- tracing, for leak detection, listeners and latency recording -----------------------------------

    /**
     * Notes a borrow for leak detection, listeners and latency; only called when one of them is on. The
     * borrow is timed (two precise clock reads, ~45 ns each on some VMs) when leak detection or listeners
     * need it, or when latency recording samples it (see {@link LatencyRecording#timesThisUse}).
     */
    void traceBorrow(PoolEntry entry, ProxyConnection proxy) {
        if (latency != null) {
            latency.borrowed(entry, entry.waitedNanos);
        }
        entry.timed = timesEveryBorrow || (latency != null && latency.timesThisUse(entry));
        if (!entry.timed) {
            return;
        }
        // The precise clock, not the coarse one: leak checks compare this stamp with System.nanoTime(), and
        // a stamp up to a coarse tick old made short holds look long.
        long now = System.nanoTime();
        entry.borrowedAtNanos = now;
        if (leakWatch != null) {
            leakWatch.borrowed(entry, proxy, now);
        }
        if (events != null) {
            events.borrowed(entry.id, entry.waitedNanos);
        }
    }

    boolean tracksBorrows() {
        return tracksBorrows;
    }

    // ---- return -------------------------------------------------------------------------------------

    /** Takes a connection back from its borrower: called once per borrow, by the proxy's close(). */
    void giveBack(PoolEntry entry, int dirtyBits, boolean rollbackNeeded, boolean broken) {
        entry.proxy = null;
        if (tracksBorrows) {
            endBorrowTrace(entry);
        }
        String retireReason = broken ? "broken (fatal error)" : reset.reset(entry, dirtyBits, rollbackNeeded);
        if (entry.readOnlyRefused) {
            entry.readOnlyRefused = false;
            // A write refused as read-only, on a connection not lent read-only: is its server read-only now?
            if (retireReason == null && !lentReadOnly && (dirtyBits & ProxyConnection.DIRTY_READ_ONLY) == 0
                    && supply.failover().confirmRefusal(entry)) {
                retireReason = "its server is read-only now (failover)";
            }
        }
        long now = CoarseClock.now();
        if (retireReason == null) {
            if (closed.get()) {
                retireReason = "pool closed";
            } else if (entry.evicted) {
                retireReason = "evicted";
            } else if (entry.isExpired(now)) {
                retireReason = "reached maxLifetime";
            } else if (supply.slotsTaken() > limits.effectiveMaximumPoolSize()) {
                retireReason = "pool resized below its current size";
            }
        }
        if (retireReason != null) {
            supply.retire(entry, retireReason);
            supply.requestConnections();
            return;
        }
        entry.lastAccessNanos = now;
        lender.offer(entry);
    }

    private void endBorrowTrace(PoolEntry entry) {
        if (latency != null) {
            latency.returned(entry);
        }
        if (!entry.timed) {
            return;
        }
        long now = System.nanoTime(); // the clock traceBorrow stamped with
        if (leakWatch != null) {
            leakWatch.returned(entry, now);
        }
        if (latency != null) {
            latency.used(entry, now - entry.borrowedAtNanos);
        }
        if (events != null) {
            events.returned(entry.id, now - entry.borrowedAtNanos);
        }
    }
}
