package dev.cistern.pool;

import dev.cistern.stats.Histograms;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A pool's use times, recorded by returning borrowers into a few histograms shared by all connections
 * (about four per core), so what the pool keeps does not grow with its connections: one HdrHistogram is
 * ~27 KB, and one per connection was what a connection cost with {@code metrics.latency} on.
 *
 * <p>A returning borrower claims a stripe by CAS, starting from one picked by its thread, records with plain
 * writes and releases it with a volatile write. When every stripe is taken at that moment it records into a
 * shared {@link Recorder} instead (wait-free), so a borrower never spins or waits here.
 *
 * <p>Invariants (stress-tested in {@code StripedUseTimesTest}): a stripe has at most one writer at a time, so
 * no recorded value is lost; every recorded value is counted once by {@link #addTo}, and readings never go
 * down (a stripe's counts only grow; readers copy racily, which may miss the newest value, never count one
 * twice: see {@link Histograms#addRacy}).
 */
final class StripedUseTimes {
    /** Claim flags this far apart in the array, so two stripes' flags never share a cache line. */
    private static final int SPACING = 16;

    private final Histogram[] stripes;
    private final AtomicIntegerArray claimed;
    private final int mask;
    private final Recorder overflow = Histograms.newRecorder();
    // Guarded by the caller's lock (LatencyRecording):
    private final Histogram overflowSoFar = Histograms.newHistogram();
    private Histogram recycled;

    /** About four stripes per core: from 8 to 64, a power of two (for masking). */
    static StripedUseTimes forProcessors(int processors) {
        int wanted = Math.max(8, Math.min(64, processors * 4));
        return new StripedUseTimes(Integer.highestOneBit(wanted - 1) << 1);
    }

    /** {@code count} stripes, a power of two. */
    StripedUseTimes(int count) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("the stripe count must be a power of two; was " + count);
        }
        stripes = new Histogram[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = Histograms.newHistogram();
        }
        claimed = new AtomicIntegerArray(count * SPACING);
        mask = count - 1;
    }

    int stripeCount() {
        return stripes.length;
    }

    /** Records one use time in microseconds; called by any number of returning borrowers at once. */
    void record(long micros) {
        int start = spread(Thread.currentThread().getId());
        for (int i = 0; i <= mask; i++) {
            int stripe = (start + i) & mask;
            if (claimed.compareAndSet(stripe * SPACING, 0, 1)) {
                stripes[stripe].recordValue(micros);
                claimed.set(stripe * SPACING, 0);
                return;
            }
        }
        overflow.recordValue(micros);
    }

    /** Adds everything recorded so far to {@code into}; called under the caller's lock, one reader at a time. */
    void addTo(Histogram into) {
        recycled = overflow.getIntervalHistogram(recycled);
        overflowSoFar.add(recycled);
        into.add(overflowSoFar);
        for (Histogram stripe : stripes) {
            Histograms.addRacy(into, stripe);
        }
    }

    /** A thread's first stripe: thread ids are sequential, so they are mixed before masking. */
    private static int spread(long threadId) {
        long mixed = threadId * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 40);
    }
}
