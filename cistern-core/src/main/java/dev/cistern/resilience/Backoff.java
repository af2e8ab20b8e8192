package dev.cistern.resilience;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for connection attempts: the n-th retry waits a random time between half
 * and all of {@code base * 2^n}, capped at {@code max}. The random half keeps many pools (or many app
 * instances) that lost the same database from retrying in lockstep, while the fixed half keeps the total
 * wait predictable, which matters because a borrower is waiting behind the retries.
 */
public final class Backoff {
    private final long baseNanos;
    private final long maxNanos;

    public Backoff(Duration base, Duration max) {
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** The pause before retry number {@code retry} (0 = the first retry). */
    public long delayNanos(int retry) {
        long ceiling = retry >= 62 || baseNanos > (maxNanos >> Math.min(retry, 62))
                ? maxNanos : Math.min(maxNanos, baseNanos << retry);
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }
}
