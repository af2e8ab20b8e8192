package dev.cistern.cli;

import dev.cistern.PoolStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured: totals over the measured span and one point a second.
 *
 * @param settings        the run's settings
 * @param workload        what the clients ran
 * @param measuredSeconds how long the measured span really lasted
 * @param checkout        every wait for a connection, in nanoseconds
 * @param query           every hold of a connection (statements and return), in nanoseconds
 * @param response        every transaction end to end (checkout + query), in nanoseconds
 * @param failures        failed transactions by kind
 * @param firstMessages   the first message of each kind
 * @param series          one point a second
 * @param peakPending     the most clients seen waiting for a connection at a sampling
 * @param pool            the pool's statistics at the end
 */
record LoadResult(LoadSettings settings, String workload, double measuredSeconds, Histogram checkout, Histogram query,
        Histogram response, Map<String, Long> failures, Map<String, String> firstMessages, List<Second> series,
        int peakPending, PoolStats pool) {

    long transactions() {
        return response.getTotalCount();
    }

    double throughput() {
        return measuredSeconds > 0 ? transactions() / measuredSeconds : 0;
    }

    long errors() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    long timeouts() {
        return failures.entrySet().stream().filter(e -> FailureKind.isTimeout(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** {@return a percentile of a nanosecond histogram, in milliseconds to the microsecond; 0 when empty} */
    static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : LoadRun.round(histogram.getValueAtPercentile(percentile) / 1e6, 3);
    }

    static Map<String, Object> latency(Histogram histogram) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("p50", millis(histogram, 50));
        figures.put("p95", millis(histogram, 95));
        figures.put("p99", millis(histogram, 99));
        figures.put("max", histogram.getTotalCount() == 0 ? 0.0 : LoadRun.round(histogram.getMaxValue() / 1e6, 3));
        figures.put("mean", histogram.getTotalCount() == 0 ? 0.0 : LoadRun.round(histogram.getMean() / 1e6, 3));
        return figures;
    }

    /**
     * The results as the {@code --json} file has them: the run's figures at the top, then the time series,
     * the latency histogram and the pool's own statistics.
     *
     * @param database what was loaded: url (passwords masked), product and version
     */
    Map<String, Object> toMap(Map<String, Object> database) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", "load");
        map.put("database", database);
        map.put("pool_name", "load");
        map.put("workload", workload);
        map.put("clients", settings.clients());
        map.put("virtual_threads", settings.virtual());
        map.put("pool_size", pool.maximumPoolSize());
        map.put("duration_s", LoadRun.round(measuredSeconds, 3));
        map.put("warmup_s", settings.warmup().toMillis() / 1000.0);
        map.put("rate_limit_per_s", settings.ratePerSecond() > 0 ? settings.ratePerSecond() : null);
        map.put("transactions", transactions());
        map.put("throughput_per_s", LoadRun.round(throughput(), 1));
        map.put("checkout_ms", latency(checkout));
        map.put("query_ms", latency(query));
        map.put("response_ms", latency(response));
        map.put("errors", errors());
        map.put("timeouts", timeouts());
        map.put("errors_by_kind", failures);
        map.put("first_error_by_kind", firstMessages);
        map.put("peak_pending", peakPending);
        map.put("series", series.stream().map(LoadResult::point).toList());
        map.put("histogram", histogram());
        map.put("pool_stats", pool.toMap());
        return map;
    }

    private static Map<String, Object> point(Second s) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("t_s", s.atSeconds());
        point.put("transactions", s.transactions());
        point.put("throughput_per_s", s.throughputPerSecond());
        point.put("checkout_p50_ms", s.checkoutP50Ms());
        point.put("checkout_p95_ms", s.checkoutP95Ms());
        point.put("checkout_p99_ms", s.checkoutP99Ms());
        point.put("query_p50_ms", s.queryP50Ms());
        point.put("query_p99_ms", s.queryP99Ms());
        point.put("errors", s.errors());
        point.put("timeouts", s.timeouts());
        point.put("active", s.active());
        point.put("idle", s.idle());
        point.put("pending", s.pending());
        point.put("oldest_wait_ms", s.oldestWaitMs());
        return point;
    }

    /**
     * How many checkouts and queries fell in each bucket (upper bounds 1, 2, 5 to a decade, from 1 µs; counts
     * per bucket, not cumulative), over only the range that holds values.
     */
    Map<String, Object> histogram() {
        List<Long> bounds = new ArrayList<>();
        for (long decade = 1_000; decade <= LoadMeter.HIGHEST; decade *= 10) {
            bounds.add(decade);
            bounds.add(decade * 2);
            bounds.add(decade * 5);
        }
        long[] checkoutCounts = bucketCounts(checkout, bounds);
        long[] queryCounts = bucketCounts(query, bounds);
        int first = bounds.size();
        int last = -1;
        for (int i = 0; i < bounds.size(); i++) {
            if (checkoutCounts[i] + queryCounts[i] > 0) {
                first = Math.min(first, i);
                last = i;
            }
        }
        if (last < 0) {
            first = 0; // nothing recorded: empty lists
        }
        Map<String, Object> histogram = new LinkedHashMap<>();
        histogram.put("upper_bound_ms", bounds.subList(first, last + 1).stream().map(b -> b / 1e6).toList());
        histogram.put("checkout", java.util.Arrays.stream(checkoutCounts, first, last + 1).boxed().toList());
        histogram.put("query", java.util.Arrays.stream(queryCounts, first, last + 1).boxed().toList());
        return histogram;
    }

    private static long[] bucketCounts(Histogram histogram, List<Long> bounds) {
        long[] counts = new long[bounds.size()];
        for (org.HdrHistogram.HistogramIterationValue value : histogram.recordedValues()) {
            int bucket = 0;
            while (bucket < bounds.size() - 1 && value.getValueIteratedTo() > bounds.get(bucket)) {
                bucket++;
            }
            counts[bucket] += value.getCountAddedInThisIterationStep();
        }
        return counts;
    }
}
