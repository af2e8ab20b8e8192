package dev.cistern.pool;

import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;

/**
 * Closes a pool: stops lending, fails waiters, waits (up to {@code shutdownTimeout}) for borrowed
 * connections to come back and for connects still inside the driver, aborts what is still borrowed, and
 * waits for the physical closes. Also cleans up after a failed start.
 */
final class Shutdown {
    private static final Logger log = PoolLog.LOG;
    private static final long CLOSE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final String name;
    private final long shutdownTimeoutNanos;
    private final Lender lender;
    private final ConnectionSupply supply;
    private final Housekeeping housekeeping;
    private final RuntimeControl control;
    private final Refusals refusals;

    Shutdown(PoolParts parts, ConnectionSupply supply, Housekeeping housekeeping, RuntimeControl control,
            Refusals refusals) {
        this.name = parts.name;
        this.shutdownTimeoutNanos = parts.config.shutdownTimeout().toNanos();
        this.lender = parts.lender;
        this.supply = supply;
        this.housekeeping = housekeeping;
        this.control = control;
        this.refusals = refusals;
    }

    /**
     * Stops lending, closes idle connections, waits up to {@code shutdownTimeout} for borrowed ones to come
     * back, then aborts the rest. Connects still inside the driver are interrupted and waited for (their
     * connections are closed as they arrive), and physical closes are waited for, each wait bounded by
     * {@code shutdownTimeout}. So every physical connection is closed when this returns, unless the driver
     * hangs in a connect or a close past that bound, which is logged. The caller has set the closed flag.
     */
    void close() {
        log.info("{} - closing", name);
        housekeeping.stop();
        control.resume(); // borrowers parked by suspend() wake up and see the pool closed
        lender.failWaiters(refusals.closed());
        long deadline = stopCreating();
        retireIdle();
        while (lender.size() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(this, CLOSE_POLL_NANOS);
            retireIdle();
        }
        for (PoolEntry entry : lender.entries()) {
            supply.abort(entry);
        }
        awaitCloses();
        log.info("{} - closed", name);
    }

    /** After a failed start: nothing was lent, so no waiting for borrowers. */
    void afterFailedStart() {
        housekeeping.stop();
        stopCreating();
        retireIdle();
        awaitCloses();
    }

    /** Stops creation and waits for it; returns the deadline of the whole shutdown. */
    private long stopCreating() {
        ThreadPoolExecutor creator = supply.creator();
        creator.shutdownNow();
        long deadline = System.nanoTime() + shutdownTimeoutNanos;
        awaitQuietly(creator, deadline);
        if (!supply.boundedConnect().shutdown(deadline)) {
            log.warn("{} - a connection attempt is still inside the driver after shutdownTimeout; the connection"
                    + " it may yet open will be closed when it arrives", name);
        }
        return deadline;
    }

    private void retireIdle() {
        for (PoolEntry entry : lender.entries()) {
            if (entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                supply.retire(entry, "pool closed");
            }
        }
    }

    private void awaitCloses() {
        ThreadPoolExecutor closer = supply.closer();
        closer.shutdown();
        if (!awaitQuietly(closer, System.nanoTime() + shutdownTimeoutNanos)) {
            log.warn("{} - a physical close is still running after shutdownTimeout", name);
        }
    }

    private static boolean awaitQuietly(ThreadPoolExecutor executor, long deadline) {
        try {
            return executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
