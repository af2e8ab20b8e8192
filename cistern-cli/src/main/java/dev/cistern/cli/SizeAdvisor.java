package dev.cistern.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The arithmetic behind {@code cistern size}: the knee of a measured sweep, and a queueing model for sizing
 * from a pool's statistics.
 */
final class SizeAdvisor {
    private SizeAdvisor() {
    }

    /**
     * One size of a sweep.
     *
     * @param size          the pool size
     * @param throughput    transactions a second
     * @param p99Millis     a transaction's p99, checkout and query together
     * @param errors        transactions that failed
     */
    record Measured(int size, double throughput, double p99Millis, long errors) {
    }

    /**
     * The knee: the smallest size whose throughput is within {@code tolerance} of the best and whose p99 is no
     * worse than the lowest p99 among those sizes (give or take the same tolerance, and 20 µs of timer
     * noise). The p99 reference is the lowest among the near-best sizes rather than the fastest size's own,
     * since under a rate limit every size that keeps up has the same throughput and only the p99 tells them
     * apart. Sizes that had errors are not candidates unless all had.
     */
    static Measured knee(List<Measured> points, double tolerance) {
        List<Measured> clean = points.stream().filter(p -> p.errors() == 0).toList();
        List<Measured> candidates = clean.isEmpty() ? points : clean;
        double bestThroughput = candidates.stream().mapToDouble(Measured::throughput).max().orElseThrow();
        List<Measured> nearBest = candidates.stream().filter(p -> p.throughput() >= bestThroughput * (1 - tolerance))
                .sorted(Comparator.comparingInt(Measured::size)).toList();
        double lowestP99 = nearBest.stream().mapToDouble(Measured::p99Millis).min().orElseThrow();
        return nearBest.stream().filter(p -> p.p99Millis() <= lowestP99 * (1 + tolerance) + 0.02).findFirst()
                .orElseThrow();
    }

    /**
     * Erlang C: the chance that a borrower must wait, with {@code size} connections, borrows arriving at random
     * (Poisson) and held for exponentially distributed times, {@code offeredLoad} = arrival rate × mean use time
     * (Little's law: the connections busy on average). 1 when the pool is not larger than the load.
     */
    static double waitProbability(int size, double offeredLoad) {
        if (offeredLoad >= size) {
            return 1;
        }
        double blocking = 1; // Erlang B, built up one connection at a time (stable for large sizes)
        for (int k = 1; k <= size; k++) {
            blocking = offeredLoad * blocking / (k + offeredLoad * blocking);
        }
        return size * blocking / (size - offeredLoad * (1 - blocking));
    }

    /** The model's wait that 99 % of borrows stay under, in the unit of {@code meanUse}; infinite when overloaded. */
    static double waitP99(int size, double offeredLoad, double meanUse) {
        if (offeredLoad >= size) {
            return Double.POSITIVE_INFINITY;
        }
        double waiting = waitProbability(size, offeredLoad);
        // P(wait > t) = C · exp(-(size - load) · t / meanUse)
        return waiting <= 0.01 ? 0 : meanUse / (size - offeredLoad) * Math.log(waiting / 0.01);
    }

    /** The model's mean wait, in the unit of {@code meanUse}. */
    static double waitMean(int size, double offeredLoad, double meanUse) {
        if (offeredLoad >= size) {
            return Double.POSITIVE_INFINITY;
        }
        return waitProbability(size, offeredLoad) * meanUse / (size - offeredLoad);
    }

    /** The smallest size above the load whose modelled p99 wait is at most {@code target}. */
    static int smallestSizeFor(double offeredLoad, double meanUse, double target) {
        int size = Math.max(1, (int) Math.floor(offeredLoad) + 1);
        while (waitP99(size, offeredLoad, meanUse) > target) {
            size++;
        }
        return size;
    }

    /** The sizes a modelled curve shows: from just above the load to a few past the recommendation. */
    static List<Integer> modelledSizes(double offeredLoad, int recommended, int current) {
        List<Integer> sizes = new ArrayList<>();
        for (int size = Math.max(1, (int) Math.floor(offeredLoad) + 1); size <= recommended + 4; size++) {
            sizes.add(size);
        }
        if (current > 0 && !sizes.contains(current)) {
            sizes.add(current);
            sizes.sort(Comparator.naturalOrder());
        }
        return sizes;
    }
}
