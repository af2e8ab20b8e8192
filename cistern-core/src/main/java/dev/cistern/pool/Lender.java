package dev.cistern.pool;

import dev.cistern.CircuitOpenException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The lending core: the entries, claiming one, offering one back, and the FIFO queue of parked
 * {@link Waiter}s with its hand-offs. No locks.
 *
 * <p>A borrower claims an IDLE entry with one CAS; the scan starts at the thread's own offset
 * ({@link ScanStart}), so concurrent borrowers spread over the entries instead of fighting for the first. An entry offered back is marked IDLE first, then the
 * oldest waiter is looked at: one that has waited longer than {@link #FAIR_HANDOFF_NANOS} is handed the
 * entry directly; a younger one is woken to scan for it, so a borrower already on a CPU may take it
 * first. That bounded barging avoids a park/unpark per borrow under short contention, while no waiter is
 * overtaken for long. New connections go to the oldest waiter directly ({@link #handToOldestWaiter}),
 * since they were opened for it.
 *
 * <p>Invariants (stress-tested in {@code PoolStressTest}; the interrupted-waiter case in
 * {@code BoundedWaitTest}):
 * <ol>
 *   <li>An entry is held by at most one party at a time: it leaves IDLE only by CAS, and is handed to a
 *       waiter only by the waiter's single outcome CAS.</li>
 *   <li>No lost wake-up: a waiter is counted and queued before it scans (and scans after every wake-up);
 *       an offer marks the entry IDLE before it reads the count and the queue. Both are sequentially
 *       consistent, so either the waiter's scan sees the IDLE entry or the offer sees the waiter and
 *       wakes or serves it. A waiter clears its "woken" flag before each scan, and an offer skips the
 *       unpark only while that flag is set, i.e. only when the waiter has yet to scan. A waiter that
 *       claims an entry by scanning wakes the next one, so two quick offers that both found the same
 *       waiter still reach two waiters; and a waiter that gives up (timeout, interrupt) passes its
 *       wake-up on, since it will not scan for the entry it may have been woken for.</li>
 * </ol>
 */
final class Lender {
    /**
     * How long a parked waiter may be overtaken by running borrowers before offers are handed to it
     * directly. Below it, borrowers that are on a CPU take free connections first, which avoids a
     * park/unpark per borrow under short contention; above it, waiters are served in arrival order.
     */
    static final long FAIR_HANDOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final VarHandle ENTRIES;

    static {
        try {
            ENTRIES = MethodHandles.lookup().findVarHandle(Lender.class, "entries", PoolEntry[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AtomicBoolean closed;
    /** Replaced whole (copy on write) by {@link #add} and {@link #remove}; read directly by scans. */
    private volatile PoolEntry[] entries = new PoolEntry[0];
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    /** Waiters whose outcome is not yet settled: the demand for connections not covered by idle ones. */
    private final AtomicInteger waiterCount = new AtomicInteger();
    /**
     * The most connections seen lent at once. There is no shared "active" counter: one incremented and
     * decremented on every borrow and return made every borrow bounce a cache line between cores and
     * halved multi-thread throughput. Instead each borrower reports how many busy entries its scan passed
     * (plus its own), and stats report the exact count of their moment. Only a higher value is written,
     * so the fast path just reads this field. At saturation the figure is exact; brief peaks below it that
     * no scan or stats call saw may be missed.
     */
    private final AtomicInteger peakActive = new AtomicInteger();

    Lender(AtomicBoolean closed) {
        this.closed = closed;
    }

    // ---- the entries --------------------------------------------------------------------------------

    PoolEntry[] entries() {
        return entries;
    }

    int size() {
        return entries.length;
    }

    void add(PoolEntry entry) {
        for (;;) {
            PoolEntry[] current = entries;
            PoolEntry[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = entry;
            if (ENTRIES.compareAndSet(this, current, next)) {
                return;
            }
        }
    }

    void remove(PoolEntry entry) {
        for (;;) {
            PoolEntry[] current = entries;
            int index = Arrays.asList(current).indexOf(entry);
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

    int countInState(int state) {
        int count = 0;
        for (PoolEntry entry : entries) {
            if (entry.state() == state) {
                count++;
            }
        }
        return count;
    }

    int waiterCount() {
        return waiterCount.get();
    }

    /** How long the longest-queued borrower still waiting has waited at {@code now}; 0 when none waits. */
    long oldestWaitNanos(long now) {
        for (Waiter waiter : waiters) { // in arrival order
            if (waiter.outcome() == null) {
                return Math.max(0, now - waiter.since);
            }
        }
        return 0;
    }

    int peakActive() {
        return peakActive.get();
    }

    /** Raises the peak to {@code seen}; a plain read when it is not higher, as on the fast path. */
    void notePeak(int seen) {
        int peak = peakActive.get();
        while (seen > peak && !peakActive.compareAndSet(peak, seen)) {
            peak = peakActive.get();
        }
    }

    // ---- claim and offer ----------------------------------------------------------------------------

    /** Claims an IDLE entry with one CAS; null when none is free. The caller checks it before lending it. */
    PoolEntry claimIdle() {
        PoolEntry[] all = entries;
        int count = all.length;
        if (count == 0) {
            return null;
        }
        int index = ScanStart.forCurrentThread() % count;
        for (int scannedBusy = 0; scannedBusy < count; scannedBusy++) {
            PoolEntry entry = all[index];
            if (entry.state() == PoolEntry.IDLE && entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.IN_USE)) {
                notePeak(scannedBusy + 1);
                return entry;
            }
            if (++index == count) {
                index = 0;
            }
        }
        notePeak(count);
        return null;
    }

    /**
     * Makes an entry the caller holds available again. It is marked IDLE first (so a running borrower can
     * take it without anyone parking), then the oldest waiter is looked at: one that has waited longer
     * than {@link #FAIR_HANDOFF_NANOS} is handed the entry outright, so nobody is overtaken for long;
     * a younger one is woken to compete for it. See invariant 2 for why IDLE comes before the look.
     */
    void offer(PoolEntry entry) {
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

    /** Hands a new entry to the oldest waiter outright; false when nobody is waiting. */
    boolean handToOldestWaiter(PoolEntry entry) {
        Waiter waiter;
        while (waiterCount.get() > 0 && (waiter = waiters.poll()) != null) {
            if (waiter.handOver(entry)) {
                waiterCount.decrementAndGet();
                return true;
            }
        }
        return false;
    }

    /** Wakes the oldest waiter so it scans for an IDLE entry; harmless if there is none. */
    void wakeOldestWaiter() {
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
     * Ends the waits of those queued before {@code failedAt} (a nanoTime) with a copy of {@code reason}: the
     * waiters a failed creation was meant for. A waiter that queued later asked for a connection of its
     * own; failing it too would hand it an error from before it arrived (the database may have recovered
     * since) and waste the connection being opened for it.
     */
    void failWaitersQueuedBefore(long failedAt, SQLException reason) {
        for (Waiter waiter : waiters) {
            if (waiter.since - failedAt >= 0) {
                continue; // the queue is only roughly ordered by arrival: look at every waiter
            }
            if (waiter.fail(reason)) {
                waiterCount.decrementAndGet();
            }
            waiters.remove(waiter);
        }
    }

    /** Ends every wait with a copy of {@code reason} (the circuit opened, the pool closed). */
    void failWaiters(SQLException reason) {
        Waiter waiter;
        while ((waiter = waiters.poll()) != null) {
            if (waiter.fail(reason)) {
                waiterCount.decrementAndGet();
            }
        }
    }

    // ---- waiting ------------------------------------------------------------------------------------

    /**
     * Queues the calling thread and parks it until an entry is claimed by its own scan or handed to it.
     * Returns null when the deadline passes or the pool closes first.
     *
     * @param onQueued called once the waiter counts as demand, so connections can be opened for it
     * @throws InterruptedException when interrupted while waiting (the interrupt flag is cleared)
     * @throws SQLException         when the pool gave up on its waiters: a fresh exception of the reason's kind
     */
    PoolEntry await(long deadline, Runnable onQueued) throws InterruptedException, SQLException {
        Waiter waiter = new Waiter(Thread.currentThread(), System.nanoTime());
        waiterCount.incrementAndGet();
        waiters.offer(waiter);
        try {
            onQueued.run();
            return awaitOutcome(waiter, deadline);
        } finally {
            if (waiter.outcome() == Waiter.CANCELLED) {
                waiters.remove(waiter);
            }
        }
    }

    private PoolEntry awaitOutcome(Waiter waiter, long deadline) throws InterruptedException, SQLException {
        for (;;) {
            Object outcome = waiter.outcome();
            if (outcome instanceof PoolEntry) {
                return (PoolEntry) outcome;
            }
            if (outcome instanceof SQLException) {
                throw copyOf((SQLException) outcome);
            }
            // Scan after joining the queue and after every wake-up: an offer marks its entry IDLE before
            // it looks for waiters, so an entry freed meanwhile is found here (invariant 2). Clearing
            // "woken" first means an offer this scan misses sees it clear and unparks us.
            waiter.clearWoken();
            PoolEntry claimed = claimIdle();
            if (claimed != null) {
                if (cancel(waiter)) {
                    waiters.remove(waiter); // unlink first, so the wake-up below reaches someone else
                    wakeOldestWaiter(); // more entries may be free: let the next waiter look too
                    return claimed;
                }
                offer(claimed); // an entry was handed to us meanwhile; keep that one, pass this one on
                continue;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || closed.get()) {
                if (leave(waiter)) {
                    return null;
                }
                continue; // an outcome arrived at the last moment
            }
            LockSupport.parkNanos(this, remaining);
            if (Thread.interrupted()) {
                if (leave(waiter)) {
                    throw new InterruptedException();
                }
                Thread.currentThread().interrupt(); // an outcome came first: take it, and keep the interrupt
            }
        }
    }

    /**
     * A waiter giving up (timeout, interrupt, close). An offer may have woken it, rather than handed it the
     * entry, just before; it will not scan now, so it passes the wake-up on to the next waiter, or that
     * one could sleep its whole timeout beside an idle connection. False when an outcome arrived first.
     */
    private boolean leave(Waiter waiter) {
        if (!cancel(waiter)) {
            return false;
        }
        waiters.remove(waiter);
        wakeOldestWaiter();
        return true;
    }

    /**
     * A waiter stops counting as demand the moment its outcome is settled (handed, failed or cancelled),
     * not when it wakes up, so that demand does not open a connection for a waiter already served.
     */
    private boolean cancel(Waiter waiter) {
        if (waiter.cancel()) {
            waiterCount.decrementAndGet();
            return true;
        }
        return false;
    }

    /** Each waiter gets its own exception (stack traces are per throw), of the same kind as the reason. */
    private static SQLException copyOf(SQLException reason) {
        if (reason instanceof CircuitOpenException) {
            return new CircuitOpenException(reason.getMessage(), reason.getCause());
        }
        return new SQLTransientConnectionException(reason.getMessage(), reason.getSQLState(), reason.getCause());
    }
}
