package dev.cistern.pool;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code connectionCreationRate}: the pool's first {@code minimumIdle} connections open at once, and every
 * later one waits for a moment of its own, one every {@code 1/rate} seconds, with no saving up: a pool that
 * comes back from an outage reconnects at the rate, not all at once, and neither does a fleet of them. A
 * creator reserves its moment before it connects and sleeps until then.
 *
 * <p>Invariant (tested in {@code CreationRateTest}, 8 threads): beyond the start credits, no two reserved
 * moments are closer than {@code 1/rate}; each is taken by one CAS on the next free moment.
 */
final class CreationRate {
    private static final long NONE = Long.MIN_VALUE;

    private final long intervalNanos;
    private final AtomicInteger startCredits;
    private final AtomicLong nextFreeNanos = new AtomicLong(NONE);

    /** @param perSecond connections a second; 0 for no limit */
    CreationRate(int perSecond, int startCredits) {
        this.intervalNanos = perSecond == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.startCredits = new AtomicInteger(startCredits);
    }

    /** {@return the moment (a {@code System.nanoTime()} value) from which the caller may open a connection} */
    long reserve(long nowNanos) {
        if (intervalNanos == 0 || startCredits.getAndUpdate(c -> c > 0 ? c - 1 : 0) > 0) {
            return nowNanos;
        }
        for (;;) {
            long next = nextFreeNanos.get();
            long moment = next == NONE || next - nowNanos < 0 ? nowNanos : next;
            if (nextFreeNanos.compareAndSet(next, moment + intervalNanos)) {
                return moment;
            }
        }
    }
}
