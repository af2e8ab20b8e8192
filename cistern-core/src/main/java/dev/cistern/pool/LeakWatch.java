package dev.cistern.pool;

import dev.cistern.LeakReport;
import dev.cistern.proxy.ProxyConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Leak detection and reclaim: records who borrowed each connection and from where, warns once about a
 * borrow held past {@code leakDetectionThreshold}, and takes back one held past {@code leakReclaimThreshold}.
 * Exists only when detection is on; capturing the borrower's stack costs a few microseconds per borrow.
 *
 * <p>Invariant (stress-tested in {@code LeakTest.reclaimRacingTheHoldersCloseNeverLendsAConnectionTwice}
 * and in {@code PoolStressTest} with reclaim on): a borrow is reclaimed at most
 * once and never after its holder closed it. The proxy's {@code takeAway} and {@code close} race on one
 * CAS, and only the winner returns the connection to the pool; a trace names its proxy, so a later borrow
 * of the same physical connection is never taken by mistake.
 */
final class LeakWatch {
    // Logged under the pool's category: leak warnings belong with the rest of what a pool reports.
    private static final Logger log = PoolLog.LOG;

    /** What the pool does with a connection taken back from its holder. */
    interface Reclaimer {
        void retireReclaimed(PoolEntry entry);
    }

    private final String poolName;
    // Changeable while the pool runs (Pool.changeTimeouts); each check reads them afresh.
    private volatile long detectionNanos;
    /** 0 when reclaim is off. */
    private volatile long reclaimNanos;
    private final PoolEvents events;
    private final AtomicLong detected = new AtomicLong();
    private final AtomicLong reclaimed = new AtomicLong();

    LeakWatch(String poolName, long detectionNanos, long reclaimNanos, PoolEvents events) {
        this.poolName = poolName;
        this.detectionNanos = detectionNanos;
        this.reclaimNanos = reclaimNanos;
        this.events = events;
    }

    /** New thresholds for the checks from now on (the check period stays the one set at start). */
    void changeThresholds(long newDetectionNanos, long newReclaimNanos) {
        detectionNanos = newDetectionNanos;
        reclaimNanos = newReclaimNanos;
    }

    /** How often to check: a quarter of the threshold, between 10 ms and 1 s; a leak is reported at most that late. */
    long checkPeriodNanos() {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), detectionNanos / 4));
    }

    /** Called by the borrower as it receives its proxy. */
    void borrowed(PoolEntry entry, ProxyConnection proxy, long nowNanos) {
        entry.trace = new BorrowTrace(Thread.currentThread().getName(), nowNanos,
                new Throwable("connection borrowed here"), proxy);
    }

    /** Called by the borrower as it returns the connection; logs the return of a reported leak. */
    void returned(PoolEntry entry, long nowNanos) {
        BorrowTrace trace = entry.trace;
        if (trace == null) {
            return;
        }
        entry.trace = null;
        if (trace.reported) {
            log.info("{} - connection {} reported as a possible leak was returned by {} after {} ms", poolName,
                    entry.id, trace.threadName, TimeUnit.NANOSECONDS.toMillis(nowNanos - trace.sinceNanos));
        }
    }

    /** Warns once about each borrow held past the detection threshold; takes back those past reclaim. */
    void check(PoolEntry[] entries, long nowNanos, Reclaimer reclaimer) {
        for (PoolEntry entry : entries) {
            BorrowTrace trace = entry.trace;
            if (trace == null) {
                continue;
            }
            long held = nowNanos - trace.sinceNanos;
            if (held >= detectionNanos && !trace.reported) {
                trace.reported = true;
                detected.incrementAndGet();
                log.warn("{} - possible connection leak: connection {} held by thread '{}' for {} ms"
                        + " (leakDetectionThreshold {} ms); borrowed at:", poolName, entry.id, trace.threadName,
                        TimeUnit.NANOSECONDS.toMillis(held), TimeUnit.NANOSECONDS.toMillis(detectionNanos),
                        trace.borrowedAt);
                if (events != null) {
                    events.leak(entry.id, report(trace, held), false);
                }
            }
            if (reclaimNanos > 0 && held >= reclaimNanos) {
                reclaim(entry, trace, held, reclaimer);
            }
        }
    }

    private void reclaim(PoolEntry entry, BorrowTrace trace, long heldNanos, Reclaimer reclaimer) {
        String why = "connection reclaimed by pool after " + Elapsed.describe(heldNanos)
                + " (leakReclaimThreshold " + Elapsed.describe(reclaimNanos)
                + "); it was held by thread '" + trace.threadName + "'";
        if (!trace.proxy.takeAway(why)) {
            return; // the holder closed it meanwhile, and that close returned it
        }
        entry.trace = null;
        entry.proxy = null; // already refused to its holder, with the reclaim message
        reclaimed.incrementAndGet();
        log.warn("{} - reclaimed connection {} from thread '{}' after {} ms (leakReclaimThreshold {} ms); borrowed at:",
                poolName, entry.id, trace.threadName, TimeUnit.NANOSECONDS.toMillis(heldNanos),
                TimeUnit.NANOSECONDS.toMillis(reclaimNanos), trace.borrowedAt);
        if (events != null) {
            events.leak(entry.id, report(trace, heldNanos), true);
        }
        reclaimer.retireReclaimed(entry);
    }

    /** Borrows held past the detection threshold now. */
    List<LeakReport> suspects(PoolEntry[] entries, long nowNanos) {
        List<LeakReport> suspects = new ArrayList<>();
        for (PoolEntry entry : entries) {
            BorrowTrace trace = entry.trace;
            if (trace != null && nowNanos - trace.sinceNanos >= detectionNanos) {
                suspects.add(report(trace, nowNanos - trace.sinceNanos));
            }
        }
        return suspects;
    }

    long detected() {
        return detected.get();
    }

    long reclaimed() {
        return reclaimed.get();
    }

    private static LeakReport report(BorrowTrace trace, long heldNanos) {
        return new LeakReport(trace.threadName, Duration.ofNanos(heldNanos), Arrays.asList(trace.borrowedAt.getStackTrace()));
    }
}
