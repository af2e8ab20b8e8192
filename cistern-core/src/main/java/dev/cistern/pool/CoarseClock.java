package dev.cistern.pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

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
    /** Guards the fields below and every write of {@link #now}; a j.u.c. lock, as the core uses no monitors. */
    private static final ReentrantLock lock = new ReentrantLock();
    private static final List<Long> resolutions = new ArrayList<>();
    private static Thread ticker;

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
    static void register(long resolutionNanos) {
        lock.lock();
        try {
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
        } finally {
            lock.unlock();
        }
    }

    /** Undoes one {@link #register}; the last user stops the ticker thread. */
    static void unregister(long resolutionNanos) {
        lock.lock();
        try {
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
        } finally {
            lock.unlock();
        }
    }

    /** For tests: how many registrations are live, and whether a ticker thread is alive. */
    static int users() {
        lock.lock();
        try {
            return resolutions.size();
        } finally {
            lock.unlock();
        }
    }

    static boolean tickerAlive() {
        lock.lock();
        try {
            return ticker != null && ticker.isAlive();
        } finally {
            lock.unlock();
        }
    }

    private static void tick() {
        Thread self = Thread.currentThread();
        for (;;) {
            lock.lock(); // every write of now is made under the lock, so it never goes back
            try {
                if (ticker != self) {
                    return;
                }
                now = System.nanoTime();
            } finally {
                lock.unlock();
            }
            LockSupport.parkNanos(CoarseClock.class, tickNanos);
        }
    }
}
