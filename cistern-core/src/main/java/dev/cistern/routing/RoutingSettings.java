package dev.cistern.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RoutingDataSource} routes: the {@code routing.*} settings, checked when built.
 *
 * @param strategy              how a replica is picked among those that can serve
 * @param fallback              what a read does when no replica can serve
 * @param maxPrimaryReadShare   the fraction (0–1) of the primary's connections fallback reads may hold
 * @param maxReplicaLag         a replica further behind than this is skipped
 * @param lagCheckInterval      how often roles and lag are checked
 * @param consistency           eventual, or read-your-writes
 * @param causalReadTimeout     read-your-writes: the longest a read waits for a replica to catch up
 * @param replicaAcquireTimeout the longest a read waits for one replica's pool before trying the next
 */
record RoutingSettings(ReplicaStrategy strategy, ReplicaFallback fallback, double maxPrimaryReadShare,
        Duration maxReplicaLag, Duration lagCheckInterval, Consistency consistency, Duration causalReadTimeout,
        Duration replicaAcquireTimeout) {

    static final RoutingSettings DEFAULTS = new RoutingSettings(ReplicaStrategy.ROUND_ROBIN, ReplicaFallback.PRIMARY, 0.5,
            Duration.ofSeconds(10), Duration.ofSeconds(1), Consistency.EVENTUAL, Duration.ofSeconds(1),
            Duration.ofMillis(250));

    RoutingSettings {
        Objects.requireNonNull(strategy, "routing.strategy");
        Objects.requireNonNull(fallback, "routing.replicaFallback");
        Objects.requireNonNull(consistency, "routing.consistency");
        if (!(maxPrimaryReadShare >= 0 && maxPrimaryReadShare <= 1)) {
            throw new IllegalArgumentException("routing.maxPrimaryReadShare must be between 0 and 1; was "
                    + maxPrimaryReadShare);
        }
        positive("routing.maxReplicaLag", maxReplicaLag);
        atLeast("routing.replicaLagCheckInterval", lagCheckInterval, Duration.ofMillis(10));
        positive("routing.causalReadTimeout", causalReadTimeout);
        positive("routing.replicaAcquireTimeout", replicaAcquireTimeout);
    }

    private static void positive(String name, Duration value) {
        atLeast(name, value, Duration.ofNanos(1));
    }

    private static void atLeast(String name, Duration value, Duration least) {
        if (value == null || value.compareTo(least) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + (least.toMillis() > 0 ? least.toMillis() + "ms"
                    : "1ns (> 0)") + "; was " + value);
        }
    }
}
