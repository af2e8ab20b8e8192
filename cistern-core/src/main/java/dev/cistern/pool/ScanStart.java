package dev.cistern.pool;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a thread starts its scan for an idle entry.
 *
 * <p>A platform thread is given the next number in sequence the first time it borrows, so up to {@code n}
 * long-lived threads (a server's request threads) start at {@code n} different entries and each keeps
 * finding its own: they do not fight over one entry, and each reuses the same connection. The scan used to
 * start at the thread id modulo the pool size; two threads whose ids collided (id 21 and id 25 on a pool of
 * 4) then fought over the same entries on every borrow, and a benchmark's figure depended on which ids its
 * threads happened to get (see docs/benchmarks.md).
 *
 * <p>A virtual thread starts at the first entry. Virtual threads are made per task, so a number per thread
 * would send each request to the next entry round the pool: every connection in turn, each server process
 * and its caches half cold, and none idle long enough for {@code idleTimeout} to retire it. On a real
 * PostgreSQL with a new virtual thread per request that cost 13–17 % of transaction throughput against HikariCP and
 * Agroal, which lend from the front of their lists (docs/benchmarks.md, "Thread churn"). From the front,
 * requests use the fewest connections that serve them, the same ones each time. At most one virtual thread
 * per carrier runs at once, so few of them race for the first entries.
 *
 * <p>This is not a cache of connections: a thread holds no entry of its own, it only starts looking
 * somewhere.
 */
final class ScanStart {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final ThreadLocal<Integer> START = ThreadLocal.withInitial(
            () -> NEXT.getAndIncrement() & Integer.MAX_VALUE);

    private ScanStart() {
    }

    /** A number of the calling thread's own (0 for every virtual thread), never negative. */
    static int forCurrentThread() {
        Thread current = Thread.currentThread();
        if (VirtualThreads.isVirtual(current)) {
            return 0;
        }
        return START.get();
    }
}
