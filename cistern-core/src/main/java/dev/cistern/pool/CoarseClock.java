package dev.cistern.pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The clock the borrow and return paths read: a {@code System.nanoTime()} value that one daemon thread,
 * shared by every pool in the JVM, refreshes every few milliseconds. Reading it is one volatile load; a
 * real {@code System.nanoTime()} costs about 28 ns on a KVM guest (kvm-clock), which was half of a whole
 * borrow-and-return cycle. The borrow and return paths use time only for the alive-bypass window, the
 * lifetime check and idle bookkeeping, where an error of a few milliseconds changes nothing; waits and
 * timeouts keep using the precise clock.
 *
 * <p>Invariants: {@link #now()} never runs ahead of {@code System.nanoTime()} and never goes backwards;
 * while at least one pool is registered it lags by about the smallest resolution asked for (plus any
 * delay in scheduling the ticker thread); with no pool registered there is no ticker thread.
 */
final class CoarseClock {
    static final long MIN_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MAX_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static volatile long now = System.nanoTime();
    private static volatile long tickNanos = MAX_RESOLUTION_NANOS;
    private static final List<Long> resolutions = new ArrayList<>(); // guarded by CoarseClock.class
    private static Thread ticker; // guarded by CoarseClock.class

    private CoarseClock() {
    }

    /** The time as of the last tick, in {@code System.nanoTime()} terms. */
    static long now() {
        return now;
    }

    /** The resolution a pool needs: a tenth of its alive-bypass window, between 1 and 50 ms. */
    static long resolutionFor(long aliveBypassNanos) {
        return Math.max(MIN_RESOLUTION_NANOS, Math.min(MAX_RESOLUTION_NANOS, aliveBypassNanos / 10));
    }

    /** Starts ticking (if this is the first user) at least as often as {@code resolutionNanos}. */
    static synchronized void register(long resolutionNanos) {
        resolutions.add(resolutionNanos);
        tickNanos = Collections.min(resolutions);
        now = System.nanoTime();
        if (ticker == null) {
            ticker = new Thread(CoarseClock::tick, "cistern-clock");
            ticker.setDaemon(true);
            ticker.start();
        } else {
            LockSupport.unpark(ticker); // pick up a finer resolution at once
        }
    }

    /** Undoes one {@link #register}; the last user stops the ticker thread. */
    static synchronized void unregister(long resolutionNanos) {
        if (!resolutions.remove(resolutionNanos)) {
            return;
        }
        if (resolutions.isEmpty()) {
            Thread stopping = ticker;
            ticker = null;
            LockSupport.unpark(stopping);
        } else {
            tickNanos = Collections.min(resolutions);
        }
    }

    /** For tests: how many registrations are live, and whether a ticker thread is alive. */
    static synchronized int users() {
        return resolutions.size();
    }

    static synchronized boolean tickerAlive() {
        return ticker != null && ticker.isAlive();
    }

    private static void tick() {
        Thread self = Thread.currentThread();
        for (;;) {
            synchronized (CoarseClock.class) { // every write of now is made under the lock: it never goes back
                if (ticker != self) {
                    return;
                }
                now = System.nanoTime();
            }
            LockSupport.parkNanos(CoarseClock.class, tickNanos);
        }
    }
}
