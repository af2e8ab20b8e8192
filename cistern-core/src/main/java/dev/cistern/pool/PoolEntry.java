package dev.cistern.pool;

import dev.cistern.proxy.ConnectionLease;
import dev.cistern.proxy.ProxyConnection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One physical connection and its bookkeeping. The pool owns the entry; at most one party at a time holds
 * it, and that party is named by {@code state}:
 * <ul>
 *   <li>IDLE: in the pool, claimable by one CAS to IN_USE (borrow) or RESERVED (the pool itself);</li>
 *   <li>IN_USE: lent to exactly one borrower, or being created/handed to a waiter;</li>
 *   <li>RESERVED: taken out of the idle set by the pool: by the housekeeper for a check, or by shrink,
 *       eviction, a resize or shutdown on its way to retirement;</li>
 *   <li>REMOVED: retired; never lent again.</li>
 * </ul>
 *
 * <p>Invariant: a transition out of IDLE happens only by a successful CAS, so no two parties ever hold the
 * entry at once. The plain fields are written only by the current holder, and the state CAS/volatile
 * write that passes ownership publishes them to the next holder.
 */
public final class PoolEntry extends EntrySpacing implements ConnectionLease {
    static final int IDLE = 0;
    static final int IN_USE = 1;
    static final int RESERVED = 2;
    static final int REMOVED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PoolEntry.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What an entry needs from the pool that made it; the pool hands each entry one, so entries stand below it. */
    interface Owner {
        /** Whether an exception broke its connection. */
        boolean isFatal(SQLException e);

        /** Whether an exception is a write refused because the server is read-only (a failover's first sign). */
        boolean isReadOnlyRefusal(SQLException e);

        /** The lease's close: restore the entry and lend it again, or retire it. */
        void giveBack(PoolEntry entry, int dirtyBits, boolean rollbackNeeded, boolean broken);
    }

    /** The pool that made it; the same object for every entry of one pool. */
    final Owner pool;
    /** The pool's number for this physical connection, as reported to listeners. */
    final long id;
    final Connection physical;
    final ConnectionDefaults defaults;
    final long createdNanos;
    /** Past this nanoTime the entry is retired (with jitter so entries do not all expire together). */
    final long expiresAtNanos;
    final boolean expires;
    /** What its server said of itself when it connected (Failover); null when it could not be asked. */
    final dev.cistern.dialect.ServerView server;
    /** A statement on it was refused as read-only during the current borrow; written by its holder. */
    boolean readOnlyRefused;
    long readOnlyRefusedAtNanos;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    /** Set when the pool decides the connection must go once it is next free (soft eviction). */
    volatile boolean evicted;
    long lastAccessNanos;
    long lastValidatedNanos;
    long borrowCount;
    ProxyConnection proxy;
    /** The current borrow, for leak detection; null when detection is off or the entry is not lent. */
    volatile BorrowTrace trace;
    /**
     * When the current borrow began ({@code System.nanoTime()}) and how long the borrower waited; stamped
     * only when borrows are traced (leak detection, listeners, latency recording).
     */
    long borrowedAtNanos;
    long waitedNanos;
    /** Whether the current borrow is timed (see Borrowing.traceBorrow). */
    boolean timed;
    // Latency recording (see LatencyRecording); all written only by the entry's holder:
    /** Borrows of this connection served at once, i.e. waits of zero. */
    long immediateBorrows;
    /** Borrows of this connection given back, timed or not. */
    long returns;
    /** The coarse clock tick of the current sampling budget, and the uses timed within it. */
    long samplingTick;
    int timedThisTick;

    PoolEntry(Owner pool, long id, Connection physical, ConnectionDefaults defaults, long createdNanos, long lifetimeNanos,
            dev.cistern.dialect.ServerView server) {
        this.server = server;
        this.pool = pool;
        this.id = id;
        this.physical = physical;
        this.defaults = defaults;
        this.createdNanos = createdNanos;
        this.expires = lifetimeNanos > 0;
        this.expiresAtNanos = createdNanos + lifetimeNanos;
        this.lastAccessNanos = createdNanos;
        this.lastValidatedNanos = createdNanos;
        this.state = IN_USE; // a new entry belongs to its creator until released into the pool
    }

    int state() {
        return (int) STATE.getVolatile(this);
    }

    boolean compareAndSetState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** Swaps in a state and returns the previous one; retirement uses it so only one retire takes effect. */
    int getAndSetState(int next) {
        return (int) STATE.getAndSet(this, next);
    }

    /** Only the current holder may call this. */
    void setState(int next) {
        STATE.setVolatile(this, next);
    }

    boolean isExpired(long nowNanos) {
        return expires && nowNanos - expiresAtNanos >= 0;
    }

    /** Newest moment the connection was known to work: last return or last successful check. */
    long lastKnownAliveNanos() {
        return lastValidatedNanos - lastAccessNanos > 0 ? lastValidatedNanos : lastAccessNanos;
    }

    @Override
    public boolean isFatal(SQLException e) {
        if (server != null && !readOnlyRefused && pool.isReadOnlyRefusal(e)) {
            readOnlyRefused = true; // confirmed with its server when it comes back (Failover.confirmRefusal)
            readOnlyRefusedAtNanos = System.nanoTime();
        }
        return pool.isFatal(e);
    }

    @Override
    public void giveBack(int dirtyBits, boolean rollbackNeeded, boolean broken) {
        pool.giveBack(this, dirtyBits, rollbackNeeded, broken);
    }

    @Override
    public String toString() {
        return "PoolEntry[" + System.identityHashCode(this) + ", state=" + state() + "]";
    }
}
