package dev.cistern.pool;

import dev.cistern.stats.Histograms;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Wait, use and creation times of one pool, when {@code metrics.latency} is on. Built so that the borrow
 * and return paths share nothing between threads and rarely read the precise clock (~45 ns a read on some
 * VMs, where a whole borrow and return takes ~40 ns):
 * <ul>
 *   <li>use times go into one of a few histograms shared by all connections ({@link StripedUseTimes}: about
 *       four per core, claimed by the returning borrower with one CAS), so the memory they take does not grow
 *       with the connections. Each connection times up to
 *       {@link #TIMED_USES_PER_TICK} uses per tick of the coarse clock (1 to 50 ms): every use at ordinary
 *       rates, a sample of thousands a second beyond them. Every use is counted ({@code returns}); the
 *       percentiles come from the timed ones, and the summary scales their counts to the total;</li>
 *   <li>a borrow served at once waited for nothing: the holder adds one to its entry's
 *       {@code immediateBorrows}, and readers count those as waits of zero; only borrows that had to wait
 *       (or check a connection first) record a time, into a shared {@link Recorder}, off the fast path;</li>
 *   <li>creation times go into another {@link Recorder}.</li>
 * </ul>
 * A reader adds it all up ({@link #totals()}).
 *
 * <p>Invariants: every recorded value is counted by readers exactly once from the moment it is visible:
 * an entry's own counts are read from the entry while it is tracked and from the retired totals after
 * {@link #untrack}, and both moves happen under {@code lock}, as every read does; use times are counted
 * once by {@link StripedUseTimes}'s own invariant. Totals never go down,
 * so a later reading minus an earlier one is what happened in between. Tested by
 * {@code LatencyStatsTest.underChurnEveryBorrowAndReturnIsCountedOnceAndTotalsNeverGoDown} (connections
 * retired under four borrowers while a reader adds up) and {@code RecentWindowTest}.
 */
final class LatencyRecording {
    private final Recorder slowWaits = Histograms.newRecorder();
    private final Recorder creations = Histograms.newRecorder();
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock:
    private final List<PoolEntry> tracked = new ArrayList<>();
    private final Histogram slowWaitsSoFar = Histograms.newHistogram();
    private final Histogram creationsSoFar = Histograms.newHistogram();
    private final StripedUseTimes useTimes = StripedUseTimes.forProcessors(Runtime.getRuntime().availableProcessors());
    private long retiredImmediateBorrows;
    private long retiredReturns;
    /** Each Recorder takes back only the interval histograms it gave out. */
    private Histogram recycledWaits;
    private Histogram recycledCreations;

    /** Uses a connection times per coarse clock tick, at most. */
    static final int TIMED_USES_PER_TICK = 64;

    /**
     * Everything recorded so far: waits (including the borrows served at once), the timed uses and how
     * many uses there were in all, and creations.
     */
    record Totals(Histogram waits, Histogram timedUses, long uses, Histogram creations) {
    }

    /** Starts counting a new entry's borrows; called by its creator before the entry is lent. */
    void track(PoolEntry entry) {
        lock.lock();
        try {
            tracked.add(entry);
        } finally {
            lock.unlock();
        }
    }

    /** Moves a retired entry's counts into the retired totals; a second call does nothing. */
    void untrack(PoolEntry entry) {
        lock.lock();
        try {
            if (tracked.remove(entry)) {
                retiredImmediateBorrows += entry.immediateBorrows;
                retiredReturns += entry.returns;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called by the borrower that now holds {@code entry}, with how long it waited (0: served at once). */
    void borrowed(PoolEntry entry, long waitedNanos) {
        if (waitedNanos == 0) {
            entry.immediateBorrows++;
        } else {
            slowWaits.recordValue(Histograms.micros(waitedNanos));
        }
    }

    /**
     * Whether the use that starts now is timed: yes for the first {@link #TIMED_USES_PER_TICK} of each
     * coarse clock tick. Called by the borrower holding {@code entry}.
     */
    boolean timesThisUse(PoolEntry entry) {
        long tick = CoarseClock.now();
        if (tick != entry.samplingTick) {
            entry.samplingTick = tick;
            entry.timedThisTick = 0;
        }
        if (entry.timedThisTick >= TIMED_USES_PER_TICK) {
            return false;
        }
        entry.timedThisTick++;
        return true;
    }

    /** Called by the returning borrower, which still holds {@code entry}, for every use. */
    void returned(PoolEntry entry) {
        entry.returns++;
    }

    /** Called by the returning borrower for a timed use, after {@link #returned}. */
    void used(PoolEntry entry, long usedNanos) {
        useTimes.record(Histograms.micros(usedNanos));
    }

    void created(long nanos) {
        creations.recordValue(Histograms.micros(nanos));
    }

    /** Everything recorded so far, as fresh histograms the caller owns. */
    Totals totals() {
        lock.lock();
        try {
            recycledWaits = slowWaits.getIntervalHistogram(recycledWaits);
            slowWaitsSoFar.add(recycledWaits);
            recycledCreations = creations.getIntervalHistogram(recycledCreations);
            creationsSoFar.add(recycledCreations);

            Histogram timedUses = Histograms.newHistogram();
            useTimes.addTo(timedUses);
            long immediate = retiredImmediateBorrows;
            long uses = retiredReturns;
            for (PoolEntry entry : tracked) {
                immediate += entry.immediateBorrows;
                uses += entry.returns;
            }
            Histogram waits = slowWaitsSoFar.copy();
            if (immediate > 0) {
                waits.recordValueWithCount(0, immediate);
            }
            return new Totals(waits, timedUses, uses, creationsSoFar.copy());
        } finally {
            lock.unlock();
        }
    }
}
