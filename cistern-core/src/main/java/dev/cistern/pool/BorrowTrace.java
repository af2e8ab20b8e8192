package dev.cistern.pool;

import dev.cistern.proxy.ProxyConnection;

/**
 * What leak detection knows about one borrow: who, since when, from where, and through which proxy (so
 * that reclaim takes back this borrow and never a later one of the same connection). Recorded only when
 * {@code leakDetectionThreshold} is set, since capturing the stack costs a few microseconds.
 */
final class BorrowTrace {
    final String threadName;
    final long sinceNanos;
    final Throwable borrowedAt;
    final ProxyConnection proxy;
    /** Set by the leak check once it has warned about this borrow, so it warns once. */
    volatile boolean reported;

    BorrowTrace(String threadName, long sinceNanos, Throwable borrowedAt, ProxyConnection proxy) {
        this.threadName = threadName;
        this.sinceNanos = sinceNanos;
        this.borrowedAt = borrowedAt;
        this.proxy = proxy;
    }
}
