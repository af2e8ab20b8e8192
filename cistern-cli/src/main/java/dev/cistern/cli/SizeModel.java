package dev.cistern.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cistern size --from-stats}: the pool size from a running pool's figures, by Little's law (the
 * connections busy on average) and Erlang C (how often and how long borrowers wait at each size).
 */
final class SizeModel {
    /** The least a modelled recommendation gives: one connection stalls everyone behind one slow query. */
    static final int MINIMUM = 2;

    /**
     * What the model advises.
     *
     * @param recommended the size to use
     * @param points      the modelled figures per size, for the table and the charts
     * @param reasoning   the steps, one line each
     */
    record Advice(int recommended, List<Map<String, Object>> points, List<String> reasoning) {
    }

    private SizeModel() {
    }

    static Advice advise(PoolFigures figures, Duration target) {
        double load = figures.borrowsPerSecond() * figures.useMillis() / 1000;
        double targetMillis = target.toNanos() / 1e6;
        int modelled = SizeAdvisor.smallestSizeFor(load, figures.useMillis(), targetMillis);
        int recommended = Math.max(MINIMUM, modelled);
        List<Map<String, Object>> points = new ArrayList<>();
        for (int size : SizeAdvisor.modelledSizes(load, recommended, figures.poolSize())) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("size", size);
            // The model's throughput: every borrow is served while the pool is larger than the load; at or
            // below it, the pool serves at most size / use time, and the queue grows without end.
            point.put("throughput_per_s", LoadRun.round(Math.min(figures.borrowsPerSecond(),
                    size * 1000 / figures.useMillis()), 1));
            point.put("utilization", LoadRun.round(Math.min(1, load / size), 3));
            point.put("wait_probability", LoadRun.round(SizeAdvisor.waitProbability(size, load), 4));
            point.put("predicted_wait_mean_ms", finite(SizeAdvisor.waitMean(size, load, figures.useMillis())));
            point.put("predicted_wait_p99_ms", finite(SizeAdvisor.waitP99(size, load, figures.useMillis())));
            points.add(point);
        }
        List<String> reasoning = new ArrayList<>();
        reasoning.add(String.format(Locale.ROOT, "Little's law: connections busy on average = borrows a second ×"
                        + " use time = %,.1f/s × %.3f ms = %.2f", figures.borrowsPerSecond(), figures.useMillis(), load));
        reasoning.add("the pool must be larger than that; how much larger decides how often and how long borrowers"
                + " wait: Erlang C (random arrivals, exponential use times) gives the wait per size");
        reasoning.add(String.format(Locale.ROOT, "smallest size whose modelled p99 wait is at most %s: %d",
                DurationArgument.show(target), modelled));
        if (recommended > modelled) {
            reasoning.add("recommended " + recommended + ", not " + modelled + ": with one connection, one slow query"
                    + " holds up every borrower (the model assumes no use is ever much longer than the mean)");
        }
        if (figures.poolSize() > 0 && figures.waitP99Millis() >= 0) {
            reasoning.add(String.format(Locale.ROOT, "check: measured p99 wait %.3f ms at size %d; the model says"
                            + " %s there", figures.waitP99Millis(), figures.poolSize(),
                    load >= figures.poolSize() ? "the pool is overloaded"
                            : String.format(Locale.ROOT, "%.3f ms", SizeAdvisor.waitP99(figures.poolSize(), load,
                                    figures.useMillis()))));
        }
        reasoning.add("the model assumes steady load; size for the busiest hour's statistics, not a quiet one's");
        return new Advice(recommended, points, reasoning);
    }

    private static Double finite(double millis) {
        return Double.isFinite(millis) ? LoadRun.round(millis, 3) : null;
    }
}
