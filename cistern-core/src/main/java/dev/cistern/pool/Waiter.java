package dev.cistern.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLException;

/**
 * A borrower parked in the pool's FIFO queue. Its whole outcome is one field, settled by a single CAS
 * from {@code null}: a {@link PoolEntry} handed over by a releaser or creator, a {@link SQLException} when
 * the pool gives up on it (creation failed, pool closed), or {@link #CANCELLED} when the borrower stopped
 * waiting (timeout, interrupt).
 *
 * <p>Invariant: the outcome is written at most once, so an entry handed to a waiter can never also be
 * lost to a cancellation: either the hand-off CAS wins and the waiter must take the entry, or the cancel
 * CAS wins and the releaser keeps the entry and offers it elsewhere.
 */
final class Waiter {
    static final Object CANCELLED = new Object();
    private static final VarHandle OUTCOME;
    private static final VarHandle WOKEN;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(Waiter.class, "outcome", Object.class);
            WOKEN = MethodHandles.lookup().findVarHandle(Waiter.class, "woken", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    /** nanoTime when it started waiting: old waiters are handed returns directly. */
    final long since;
    @SuppressWarnings("unused") // accessed through OUTCOME
    private volatile Object outcome;
    /**
     * Set by the first releaser that wakes this waiter, cleared by the waiter before it scans again. While
     * set, further releasers skip the unpark: the waiter is already due to scan, and on a busy machine a
     * woken thread may wait a while for a CPU, during which every release would otherwise unpark it again.
     */
    @SuppressWarnings("unused") // accessed through WOKEN
    private volatile boolean woken;

    Waiter(Thread thread, long since) {
        this.thread = thread;
        this.since = since;
    }

    Object outcome() {
        return OUTCOME.getVolatile(this);
    }

    /** Wakes the waiter to scan for a free entry, unless it is already awake and due to scan. */
    void wake() {
        if (!(boolean) WOKEN.getVolatile(this) && WOKEN.compareAndSet(this, false, true)) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }
    }

    /** Called by the waiter itself before each scan: from now on a release must unpark it again. */
    void clearWoken() {
        WOKEN.setVolatile(this, false);
    }

    /** Offers the entry; true when this waiter took it (and has been woken). */
    boolean handOver(PoolEntry entry) {
        if (OUTCOME.compareAndSet(this, null, entry)) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /** Ends the wait with an error; true when it took effect. */
    boolean fail(SQLException error) {
        if (OUTCOME.compareAndSet(this, null, error)) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /** Called by the waiter itself; false means an outcome arrived first and must be taken. */
    boolean cancel() {
        return OUTCOME.compareAndSet(this, null, CANCELLED);
    }
}
