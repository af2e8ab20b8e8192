package dev.cistern.pool;

import java.util.ArrayDeque;

/**
 * Decides the pool's effective maximum from its utilization (active / effective maximum). It is fed one
 * sample at a time and answers with the new size, or the current one; it keeps no clock and starts no
 * thread, so its rules can be tested exactly. The pool samples it on the housekeeper thread.
 *
 * <p>Rules (all times in nanos):
 * <ul>
 *   <li>Grow by {@code step} when the mean utilization over the last {@code window} exceeds
 *       {@code scaleUpAt}, or when borrowers were queued in any sample of that window.</li>
 *   <li>Shrink by {@code step} when every sample for the last {@code cooldown} was below
 *       {@code scaleDownAt}, and the mean load would still be under {@code scaleUpAt} at the smaller size
 *       (so a shrink never sets up the next grow: no flapping on a steady load).</li>
 *   <li>Never decide more often than {@code interval}; never leave [floor, ceiling].</li>
 * </ul>
 * Single-threaded by design: only the housekeeper calls it.
 */
final class AutoScaler {
    /** What a sample led to: the size to apply, and why (null reason = no change). */
    record Decision(int size, String reason) {
        boolean changed() {
            return reason != null;
        }
    }

    private record Sample(long atNanos, int active, int size, boolean waiting) {
    }

    private final double stepFraction;
    private final double scaleUpAt;
    private final double scaleDownAt;
    private final long windowNanos;
    private final long cooldownNanos;
    private final long intervalNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private long lastDecisionNanos;
    private boolean decidedBefore;
    /** Start of the current run of samples all below scaleDownAt; -1 when the last sample was not. */
    private long quietSinceNanos = -1;

    AutoScaler(double stepFraction, double scaleUpAt, double scaleDownAt, long windowNanos, long cooldownNanos,
            long intervalNanos) {
        this.stepFraction = stepFraction;
        this.scaleUpAt = scaleUpAt;
        this.scaleDownAt = scaleDownAt;
        this.windowNanos = windowNanos;
        this.cooldownNanos = cooldownNanos;
        this.intervalNanos = intervalNanos;
    }

    /** The step in connections for a pool whose maximum is {@code ceiling}: the fraction of it, at least 1. */
    int step(int ceiling) {
        return Math.max(1, (int) Math.round(ceiling * stepFraction));
    }

    /**
     * Records one sample and decides.
     *
     * @param now     the time of the sample
     * @param active  connections lent now
     * @param size    the effective maximum now
     * @param waiting borrowers queued now
     * @param floor   the smallest size allowed (max(1, minimumIdle))
     * @param ceiling the largest size allowed (maximumPoolSize)
     */
    Decision sample(long now, int active, int size, int waiting, int floor, int ceiling) {
        samples.addLast(new Sample(now, active, size, waiting > 0));
        while (!samples.isEmpty() && now - samples.peekFirst().atNanos() > windowNanos) {
            samples.removeFirst();
        }
        double utilization = size == 0 ? 1 : (double) active / size;
        boolean quiet = utilization < scaleDownAt && waiting == 0;
        if (!quiet) {
            quietSinceNanos = -1;
        } else if (quietSinceNanos < 0) {
            quietSinceNanos = now;
        }
        int clamped = Math.max(floor, Math.min(ceiling, size));
        if (clamped != size) {
            return decided(now, clamped, "outside its bounds [" + floor + ", " + ceiling + "]");
        }
        if (decidedBefore && now - lastDecisionNanos < intervalNanos) {
            return new Decision(size, null);
        }
        double meanUtilization = meanUtilization();
        double meanActive = meanActive();
        boolean queued = samples.stream().anyMatch(Sample::waiting);
        int step = step(ceiling);
        if ((queued || meanUtilization > scaleUpAt) && size < ceiling) {
            int grown = Math.min(ceiling, size + step);
            quietSinceNanos = -1; // a shrink must wait a full cooldown after a grow
            return decided(now, grown, queued ? "borrowers were queued"
                    : String.format("utilization %.0f%% over the window is above %.0f%%", meanUtilization * 100, scaleUpAt * 100));
        }
        if (quietSinceNanos >= 0 && now - quietSinceNanos >= cooldownNanos && size > floor) {
            int shrunk = Math.max(floor, size - step);
            if (meanActive / shrunk < scaleUpAt) {
                quietSinceNanos = now; // the next shrink needs another full cooldown
                return decided(now, shrunk, String.format("utilization stayed below %.0f%% for the cooldown",
                        scaleDownAt * 100));
            }
        }
        return new Decision(size, null);
    }

    private Decision decided(long now, int size, String reason) {
        lastDecisionNanos = now;
        decidedBefore = true;
        return new Decision(size, reason);
    }

    private double meanUtilization() {
        double sum = 0;
        for (Sample s : samples) {
            sum += s.size() == 0 ? 1 : (double) s.active() / s.size();
        }
        return samples.isEmpty() ? 0 : sum / samples.size();
    }

    private double meanActive() {
        double sum = 0;
        for (Sample s : samples) {
            sum += s.active();
        }
        return samples.isEmpty() ? 0 : sum / samples.size();
    }
}
