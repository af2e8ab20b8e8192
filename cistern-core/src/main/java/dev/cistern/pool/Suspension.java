package dev.cistern.pool;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds borrowers back while the pool is suspended. A j.u.c. lock, not a monitor, guards the switch: a
 * virtual thread blocked on a monitor pins its carrier before JDK 24, so the core uses no
 * {@code synchronized}. Borrowers only read a volatile flag unless the pool is suspended.
 */
final class Suspension {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean suspended;
    private volatile CountDownLatch resumed = new CountDownLatch(0);

    boolean isSuspended() {
        return suspended;
    }

    /** Returns false when the pool was suspended already. */
    boolean suspend() {
        lock.lock();
        try {
            if (suspended) {
                return false;
            }
            resumed = new CountDownLatch(1);
            suspended = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Lets waiting borrowers go; returns false when the pool was not suspended. */
    boolean resume() {
        CountDownLatch latch;
        lock.lock();
        try {
            if (!suspended) {
                return false;
            }
            suspended = false;
            latch = resumed;
        } finally {
            lock.unlock();
        }
        latch.countDown();
        return true;
    }

    /** Waits while suspended, until {@code deadline} (a nanoTime); false when still suspended then. */
    boolean awaitResumed(long deadline) throws InterruptedException {
        CountDownLatch latch = resumed;
        return !suspended || latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
}
