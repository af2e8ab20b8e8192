package dev.cistern.pool;

import dev.cistern.Latency;
import dev.cistern.stats.Histograms;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;

/**
 * The "recent" figures of a pool: what happened over the last {@code metrics.window}, as the difference
 * between the totals now and the totals a window ago. The housekeeper files the totals every sixth of
 * the window ({@link #file}); a reading subtracts the oldest filing that is at most a window old, so it
 * covers between five sixths of the window and all of it (or the whole life of a younger pool). Filed
 * histograms are kept compressed (an idle pool's shrink to a few hundred bytes).
 *
 * <p>Invariant: filings are in time order and none is older than the window once a newer one exists;
 * guarded by {@code lock}. Tested by {@code RecentWindowTest}.
 */
final class RecentWindow {
    /** Cumulative totals at one moment; the histograms are null when latency recording is off. */
    record Totals(long atNanos, long borrows, long timeouts, LatencyRecording.Totals latency) {
    }

    /** What happened over the recent span. */
    record Recent(double seconds, long borrows, long timeouts, Latency waits, Latency uses, Latency creations) {
        double borrowsPerSecond() {
            return seconds <= 0 ? 0 : borrows / seconds;
        }
    }

    private record Filed(long atNanos, long borrows, long timeouts, byte[] waits, byte[] timedUses, long uses,
            byte[] creations) {
    }

    private final long windowNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Filed> filed = new ArrayDeque<>(); // guarded by lock

    /** @param start the totals when the pool started (all zero) */
    RecentWindow(long windowNanos, Totals start) {
        this.windowNanos = windowNanos;
        file(start);
    }

    /** How often the housekeeper should call {@link #file}. */
    long stepNanos() {
        return windowNanos / 6;
    }

    void file(Totals totals) {
        LatencyRecording.Totals latency = totals.latency();
        Filed entry = latency == null
                ? new Filed(totals.atNanos(), totals.borrows(), totals.timeouts(), null, null, 0, null)
                : new Filed(totals.atNanos(), totals.borrows(), totals.timeouts(), Histograms.compress(latency.waits()),
                        Histograms.compress(latency.timedUses()), latency.uses(),
                        Histograms.compress(latency.creations()));
        lock.lock();
        try {
            filed.addLast(entry);
            while (filed.size() > 1 && totals.atNanos() - filed.peekFirst().atNanos() > windowNanos) {
                filed.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The recent span ending at {@code now}. */
    Recent since(Totals now) {
        Filed base = baseFor(now.atNanos());
        double seconds = (now.atNanos() - base.atNanos()) / 1e9;
        long borrows = Math.max(0, now.borrows() - base.borrows());
        long timeouts = Math.max(0, now.timeouts() - base.timeouts());
        LatencyRecording.Totals latency = now.latency();
        if (latency == null || base.waits() == null) {
            return new Recent(seconds, borrows, timeouts, Latency.NONE, Latency.NONE, Latency.NONE);
        }
        return new Recent(seconds, borrows, timeouts, difference(latency.waits(), base.waits(), -1),
                difference(latency.timedUses(), base.timedUses(), latency.uses() - base.uses()),
                difference(latency.creations(), base.creations(), -1));
    }

    private Filed baseFor(long nowNanos) {
        lock.lock();
        try {
            for (Filed candidate : filed) {
                if (nowNanos - candidate.atNanos() <= windowNanos) {
                    return candidate;
                }
            }
            return filed.peekLast();
        } finally {
            lock.unlock();
        }
    }

    /** @param count how many values the difference stands for when it is a sample; -1 when it holds them all */
    private static Latency difference(Histogram now, byte[] compressedBase, long count) {
        Histogram recent = Histograms.since(now, Histograms.decompress(compressedBase));
        if (recent == null) {
            return Latency.NONE;
        }
        return count < 0 ? Histograms.summarize(recent) : Histograms.summarize(recent, count);
    }
}
