package dev.cistern.stats;

import dev.cistern.Latency;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How the pool keeps durations: HdrHistogram histograms in microseconds, from 1 µs to one hour, with two
 * significant digits (every value within 1 %). A longer duration is counted as one hour; a negative one
 * (a clock step) as zero. Recording never allocates.
 */
public final class Histograms {
    /** The longest duration told apart from longer ones, in microseconds. */
    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int SIGNIFICANT_DIGITS = 2;

    private Histograms() {
    }

    /** A histogram for one writer at a time (others may read it: see {@link #addRacy}). */
    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /** A histogram any number of threads may record into at once, read by interval. */
    public static Recorder newRecorder() {
        return new Recorder(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /** The value to record for a duration in nanoseconds. */
    public static long micros(long nanos) {
        long micros = nanos / 1_000;
        return micros <= 0 ? 0 : Math.min(micros, HIGHEST_MICROS);
    }

    /**
     * Adds a histogram that its one writer may be recording into right now. The copy may miss the
     * writer's latest values but never counts one twice: counts only grow, a long is read whole on the
     * 64-bit JVMs this runs on, and {@code add} totals what it actually read.
     */
    public static void addRacy(Histogram into, Histogram beingWritten) {
        into.add(beingWritten);
    }

    /** The percentiles, maximum and mean of a histogram; {@link Latency#NONE} when it is empty. */
    public static Latency summarize(Histogram histogram) {
        return summarize(histogram, histogram.getTotalCount());
    }

    /**
     * As {@link #summarize(Histogram)}, for a histogram that holds a sample of {@code count} values: the
     * percentiles, maximum and mean are the sample's, and the count and bucket counts are scaled up to
     * {@code count} (a count below the sample's, read while values were being added, is taken as the
     * sample's).
     */
    public static Latency summarize(Histogram histogram, long count) {
        long sampled = histogram.getTotalCount();
        if (sampled == 0) {
            return Latency.NONE;
        }
        count = Math.max(count, sampled);
        double scale = (double) count / sampled;
        List<Latency.Bucket> buckets = new ArrayList<>(Latency.BUCKET_BOUNDS.size());
        for (Duration bound : Latency.BUCKET_BOUNDS) {
            long atMost = histogram.getCountBetweenValues(0, bound.toNanos() / 1_000);
            buckets.add(new Latency.Bucket(bound, Math.round(atMost * scale)));
        }
        return new Latency(count, at(histogram, 50), at(histogram, 95), at(histogram, 99),
                microsToDuration(histogram.getMaxValue()), Duration.ofNanos(Math.round(histogram.getMean() * 1_000)),
                buckets);
    }

    private static Duration at(Histogram histogram, double percentile) {
        return microsToDuration(histogram.getValueAtPercentile(percentile));
    }

    private static Duration microsToDuration(long micros) {
        return Duration.ofNanos(Math.min(micros, HIGHEST_MICROS) * 1_000);
    }

    /** A compact copy of a histogram (mostly empty ones shrink to a few hundred bytes). */
    public static byte[] compress(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    /** The histogram {@link #compress} was given. */
    public static Histogram decompress(byte[] compressed) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), HIGHEST_MICROS);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a histogram this class compressed did not decode", e);
        }
    }

    /**
     * {@code later} minus {@code earlier}, where {@code earlier} is an older reading of the same growing
     * totals. Null if a count went down (it cannot, unless the two are not such readings).
     */
    public static Histogram since(Histogram later, Histogram earlier) {
        Histogram difference = later.copy();
        try {
            difference.subtract(earlier);
            return difference;
        } catch (IllegalArgumentException notMonotonic) {
            return null;
        }
    }
}
