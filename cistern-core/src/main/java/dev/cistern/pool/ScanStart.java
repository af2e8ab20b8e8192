package dev.cistern.pool;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a thread starts its scan for an idle entry. Each thread is given the next number in sequence the
 * first time it borrows, so up to {@code n} threads start at {@code n} different entries. The scan used
 * to start at the thread id modulo the pool size; two threads whose ids collided (id 21 and id 25 on a
 * pool of 4) then fought over the same entries on every borrow, and a benchmark's figure depended on
 * which ids its threads happened to get (see docs/benchmarks.md). This is not a cache of connections:
 * a thread holds no entry of its own, it only starts looking somewhere else.
 */
final class ScanStart {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final ThreadLocal<Integer> START = ThreadLocal.withInitial(
            () -> NEXT.getAndIncrement() & Integer.MAX_VALUE);

    private ScanStart() {
    }

    /** A number of the calling thread's own, never negative. */
    static int forCurrentThread() {
        return START.get();
    }
}
