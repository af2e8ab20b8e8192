package dev.cistern.micrometer;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolStats;
import java.util.concurrent.TimeUnit;

/**
 * One pool's stats, taken at most once per {@link #MAX_AGE_NANOS}: a scrape reads some thirty meters of a
 * pool within a millisecond, and each would otherwise add up the pool's histograms again.
 */
final class CachedStats {
    static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private record Taken(long atNanos, PoolStats stats) {
    }

    private final CisternDataSource dataSource;
    private volatile Taken last;

    CachedStats(CisternDataSource dataSource) {
        this.dataSource = dataSource;
    }

    PoolStats get() {
        long now = System.nanoTime();
        Taken taken = last;
        if (taken == null || now - taken.atNanos() > MAX_AGE_NANOS) {
            taken = new Taken(now, dataSource.stats()); // two scrapes racing here both take a fresh one: harmless
            last = taken;
        }
        return taken.stats();
    }

    CisternDataSource dataSource() {
        return dataSource;
    }
}
