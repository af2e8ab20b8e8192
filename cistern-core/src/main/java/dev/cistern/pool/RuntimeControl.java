package dev.cistern.pool;

import dev.cistern.PoolConfig;
import dev.cistern.proxy.ConnectionLease;
import dev.cistern.proxy.ProxyConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * What an operator (or the autoscaler) changes while the pool runs: its sizes, shrinking and evicting
 * connections, suspending and resuming, warming up. Size changes apply one at a time under a j.u.c. lock
 * (never taken on the borrow/return path); the rest is lock-free like the pool.
 */
final class RuntimeControl {
    private static final Logger log = PoolLog.LOG;

    private final PoolEntry.Owner pool;
    private final String name;
    private final boolean autoscaleEnabled;
    private final boolean suspensionAllowed;
    private final Timeouts timeouts;
    private final Lender lender;
    private final ConnectionSupply supply;
    private final PoolLimits limits;
    private final Suspension suspension;
    private final Refusals refusals;
    private final ErrorText errors;
    private final AtomicBoolean closed;
    private final ReentrantLock sizeLock = new ReentrantLock();

    RuntimeControl(PoolEntry.Owner pool, PoolParts parts, ConnectionSupply supply, Refusals refusals) {
        this.pool = pool;
        this.name = parts.name;
        this.autoscaleEnabled = parts.config.autoscaleEnabled();
        this.suspensionAllowed = parts.config.allowPoolSuspension();
        this.timeouts = parts.timeouts;
        this.lender = parts.lender;
        this.supply = supply;
        this.limits = parts.limits;
        this.suspension = parts.suspension;
        this.refusals = refusals;
        this.errors = parts.errors;
        this.closed = parts.closed;
    }

    /**
     * Changes the pool's bounds. Growing takes effect at once (and connections are opened to reach the
     * new minimum); shrinking closes idle connections above the new maximum now and borrowed ones as they
     * come back, so nobody loses a connection they hold.
     */
    void resize(int newMinimumIdle, int newMaximumPoolSize) {
        if (newMaximumPoolSize < 1 || newMaximumPoolSize > PoolConfig.maximumPoolSizeLimit()) {
            throw new IllegalArgumentException("maximumPoolSize must be between 1 and "
                    + PoolConfig.maximumPoolSizeLimit() + "; was " + newMaximumPoolSize);
        }
        if (newMinimumIdle < 0 || newMinimumIdle > newMaximumPoolSize) {
            throw new IllegalArgumentException("minimumIdle must be between 0 and maximumPoolSize ("
                    + newMaximumPoolSize + "); was " + newMinimumIdle);
        }
        sizeLock.lock();
        try {
            int oldMin = limits.minimumIdle();
            int oldMax = limits.maximumPoolSize();
            // The autoscaler's current size stays where it was, within the new bounds.
            int effective = autoscaleEnabled
                    ? Math.max(Math.max(1, newMinimumIdle), Math.min(limits.scaledMaximumPoolSize(), newMaximumPoolSize))
                    : newMaximumPoolSize;
            limits.set(newMinimumIdle, newMaximumPoolSize, effective);
            log.info("{} - resized: minimumIdle {} -> {}, maximumPoolSize {} -> {}", name, oldMin, newMinimumIdle,
                    oldMax, newMaximumPoolSize);
        } finally {
            sizeLock.unlock();
        }
        retireSurplusIdle();
        supply.requestConnections();
        lender.wakeOldestWaiter();
    }

    /** Sets the size the pool may grow to, within [max(1, minimumIdle), maximumPoolSize]; for the autoscaler. */
    void setEffectiveMaximumPoolSize(int size) {
        sizeLock.lock();
        try {
            limits.setScaledMaximumPoolSize(Math.max(Math.max(1, limits.minimumIdle()),
                    Math.min(limits.maximumPoolSize(), size)));
        } finally {
            sizeLock.unlock();
        }
        retireSurplusIdle();
        supply.requestConnections();
    }

    /**
     * Sets this pool's share of the fleet budget (at least 1). Unlike the autoscaler's size it may go below
     * {@code minimumIdle}: the server's slots are the harder limit. Idle connections above it close now,
     * borrowed ones as they come back.
     */
    void setFleetShare(int share) {
        applyShare(() -> limits.setFleetShare(Math.max(1, share)));
    }

    /** Sets this pool's share of its JVM's connection budget (at least 1), like {@link #setFleetShare}. */
    void setBudgetShare(int share) {
        applyShare(() -> limits.setBudgetShare(Math.max(1, share)));
    }

    /** A share moved: the new limit under the size lock, then idle surplus closed, or growth started. */
    private void applyShare(Runnable setLimit) {
        sizeLock.lock();
        try {
            setLimit.run();
        } finally {
            sizeLock.unlock();
        }
        retireSurplusIdle();
        supply.requestConnections();
        lender.wakeOldestWaiter();
    }

    private void retireSurplusIdle() {
        for (PoolEntry entry : lender.entries()) {
            if (supply.slotsTaken() <= limits.effectiveMaximumPoolSize()) {
                return;
            }
            if (entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                supply.retire(entry, "pool resized below its current size");
            }
        }
    }

    /**
     * Closes idle connections until at most {@code targetIdle} remain; returns how many were closed. The
     * housekeeper refills to {@code minimumIdle} later, so a target below it is temporary.
     */
    int shrink(int targetIdle) {
        if (targetIdle < 0) {
            throw new IllegalArgumentException("targetIdle must be 0 or more; was " + targetIdle);
        }
        int closedCount = 0;
        int idle = lender.countInState(PoolEntry.IDLE);
        for (PoolEntry entry : lender.entries()) {
            if (idle <= targetIdle) {
                break;
            }
            if (entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                supply.retire(entry, "shrink");
                idle--;
                closedCount++;
            }
        }
        // A waiter woken for one of those entries would now find nothing: open what waiters still need.
        supply.requestConnections();
        return closedCount;
    }

    /** Marks every connection for retirement: idle ones go now, borrowed ones when returned. */
    void softEvictConnections() {
        for (PoolEntry entry : lender.entries()) {
            entry.evicted = true;
            if (entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                supply.retire(entry, "evicted");
            }
        }
        supply.requestConnections();
    }

    /**
     * Retires the physical connection behind a connection this pool lent: at once if it is idle, otherwise
     * when its holder closes it. Returns false if the connection is not one of this pool's.
     */
    boolean evict(Connection connection) {
        if (!(connection instanceof ProxyConnection)) {
            return false;
        }
        ConnectionLease lease = ((ProxyConnection) connection).lease();
        if (!(lease instanceof PoolEntry) || ((PoolEntry) lease).pool != pool) {
            return false;
        }
        PoolEntry entry = (PoolEntry) lease;
        entry.evicted = true;
        if (entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
            supply.retire(entry, "evicted");
            supply.requestConnections();
        }
        return true;
    }

    void suspend() {
        if (!suspensionAllowed) {
            throw new IllegalStateException(name + " - suspension is not allowed (allowPoolSuspension=false)");
        }
        if (suspension.suspend()) {
            log.info("{} - suspended", name);
        }
    }

    void resume() {
        if (suspension.resume()) {
            log.info("{} - resumed", name);
        }
    }

    /**
     * Opens connections up to {@code minimumIdle} now and waits for them, up to {@code connectionTimeout};
     * returns the number of connections the pool then holds.
     */
    int warmUp() throws SQLException {
        long connectionTimeoutNanos = timeouts.connectionTimeoutNanos();
        long deadline = System.nanoTime() + connectionTimeoutNanos;
        supply.requestConnections();
        while (lender.size() < limits.minimumIdle()) {
            if (closed.get()) {
                throw refusals.closed();
            }
            if (System.nanoTime() - deadline >= 0) {
                ConnectError last = supply.lastConnectError();
                throw new SQLTransientConnectionException(name + " - warm-up reached " + lender.size() + " of "
                        + limits.minimumIdle() + " connections within "
                        + TimeUnit.NANOSECONDS.toMillis(connectionTimeoutNanos) + " ms" + refusals.lastErrorClause(last),
                        "08001", last != null ? errors.safeCause(last.error()) : null);
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
            supply.requestConnections();
        }
        return lender.size();
    }
}
