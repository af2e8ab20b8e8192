package dev.cistern;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A summary of recorded durations (how long borrowers waited, held a connection, or a connection took to
 * open): how many, three percentiles, the longest and the mean. Percentiles are read from a histogram
 * that keeps values within 1 % (so a figure may be up to 1 % high), from 1 µs to 1 hour; a longer value
 * is counted as one hour.
 *
 * @param count how many durations were recorded
 * @param p50   half of them took at most this long
 * @param p95   95 % took at most this long
 * @param p99   99 % took at most this long
 * @param max   the longest
 * @param mean  the average
 * @param buckets how many took at most each of {@link #BUCKET_BOUNDS}, in that order (cumulative, as a
 *              Prometheus histogram has them); empty when nothing was recorded
 */
public record Latency(long count, Duration p50, Duration p95, Duration p99, Duration max, Duration mean,
        List<Bucket> buckets) {
    /** The upper bounds of {@link #buckets()}: from 100 µs to a minute, about three to a decade. */
    public static final List<Duration> BUCKET_BOUNDS = List.of(Duration.ofNanos(100_000), Duration.ofNanos(250_000),
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));

    /** Nothing recorded (or recording is off). */
    public static final Latency NONE = new Latency(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, List.of());

    /**
     * How many recorded durations were at most {@code upperBound} (within the histogram's 1 %).
     *
     * @param upperBound the bucket's upper bound, one of {@link #BUCKET_BOUNDS}
     * @param count      how many recorded durations were at most {@code upperBound}
     */
    public record Bucket(Duration upperBound, long count) {
    }

    /**
     * Copies {@code buckets}, so the record stays immutable.
     *
     * @param count   how many durations were recorded
     * @param p50     half of them took at most this long
     * @param p95     95 % took at most this long
     * @param p99     99 % took at most this long
     * @param max     the longest
     * @param mean    the average
     * @param buckets how many took at most each of {@link #BUCKET_BOUNDS}, in that order; empty when nothing
     *                was recorded
     */
    public Latency {
        buckets = List.copyOf(buckets);
    }

    /** {@return the sum of all recorded durations (count × mean)} */
    public Duration total() {
        return mean.multipliedBy(count);
    }

    /**
     * Adds {@code <prefix>_count}, {@code _p50_ms}, {@code _p95_ms}, {@code _p99_ms}, {@code _max_ms},
     * {@code _mean_ms}.
     */
    void putInto(Map<String, Object> map, String prefix) {
        map.put(prefix + "_count", count);
        map.put(prefix + "_p50_ms", millis(p50));
        map.put(prefix + "_p95_ms", millis(p95));
        map.put(prefix + "_p99_ms", millis(p99));
        map.put(prefix + "_max_ms", millis(max));
        map.put(prefix + "_mean_ms", millis(mean));
    }

    /** Milliseconds with microsecond precision, e.g. 0.125. */
    private static double millis(Duration d) {
        return d.toNanos() / 1_000L / 1_000.0;
    }
}
