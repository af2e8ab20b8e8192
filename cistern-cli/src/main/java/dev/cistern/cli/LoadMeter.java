package dev.cistern.cli;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * What the load clients did, taken one interval at a time by the sampler.
 *
 * <p>Invariants (stress-tested in {@code LoadMeterTest}):
 * <ol>
 *   <li>every transaction recorded lands in exactly one interval, with its three figures (checkout, query,
 *       response) in the same one, while clients record and the sampler takes at the same time;</li>
 *   <li>the same holds for failures, kind by kind.</li>
 * </ol>
 * Clients record into the current interval inside a {@link WriterReaderPhaser} critical section (wait-free for
 * them); the sampler swaps in a fresh interval and flips the phase, which waits until every client that was
 * recording into the old one has finished, so the old one is complete and no longer written when handed out.
 */
final class LoadMeter {
    /** An hour in nanoseconds: anything longer is counted as an hour. */
    static final long HIGHEST = 3_600_000_000_000L;
    static final int DIGITS = 2;

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Recording current = new Recording();
    private final Map<String, String> firstMessages = new ConcurrentHashMap<>();

    /** One interval's figures; complete and no longer written once {@link #take} has returned it. */
    record Interval(Histogram checkout, Histogram query, Histogram response, Map<String, Long> failures) {
        long transactions() {
            return response.getTotalCount();
        }

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The interval being recorded into. */
    private static final class Recording {
        final Histogram checkout = new AtomicHistogram(HIGHEST, DIGITS);
        final Histogram query = new AtomicHistogram(HIGHEST, DIGITS);
        final Histogram response = new AtomicHistogram(HIGHEST, DIGITS);
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    }

    /** A transaction that went through: how long it waited for its connection and how long it held it. */
    void served(long checkoutNanos, long queryNanos) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            Recording recording = current;
            recording.checkout.recordValue(clamp(checkoutNanos));
            recording.query.recordValue(clamp(queryNanos));
            recording.response.recordValue(clamp(checkoutNanos + queryNanos));
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    /** A transaction that failed, by kind ({@link FailureKind}); the first message of each kind is kept. */
    void failed(String kind, String message) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            current.failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
        if (message != null) {
            firstMessages.putIfAbsent(kind, message);
        }
    }

    /** {@return the first message seen of each failure kind} */
    Map<String, String> firstMessages() {
        return new TreeMap<>(firstMessages);
    }

    /** Everything recorded since the last call; called by one sampling thread at a time. */
    Interval take() {
        Recording taken;
        phaser.readerLock();
        try {
            taken = current;
            current = new Recording();
            phaser.flipPhase(); // returns once no client is still inside a section that saw the old recording
        } finally {
            phaser.readerUnlock();
        }
        Map<String, Long> failures = new TreeMap<>();
        taken.failures.forEach((kind, count) -> failures.put(kind, count.sum()));
        return new Interval(taken.checkout, taken.query, taken.response, failures);
    }

    private static long clamp(long nanos) {
        return Math.max(0, Math.min(nanos, HIGHEST));
    }
}
