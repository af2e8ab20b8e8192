package dev.cistern.routing;

import dev.cistern.CircuitState;
import dev.cistern.CisternDataSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One replica: its pool, its weight, what the last check found, and what it served or why it was passed
 * over. The status is written by the monitor thread (and marked unreachable by a read that lost its
 * connection) and read by borrowers; counters are adders.
 */
final class Replica {
    final String name;
    final CisternDataSource pool;
    final int weight;
    volatile ServerStatus status = ServerStatus.NOT_CHECKED;
    final LongAdder reads = new LongAdder();
    private final Map<SkipReason, LongAdder> skips = new EnumMap<>(SkipReason.class);

    Replica(String name, CisternDataSource pool, int weight) {
        this.name = name;
        this.pool = pool;
        this.weight = weight;
        for (SkipReason reason : SkipReason.values()) {
            skips.put(reason, new LongAdder());
        }
    }

    /**
     * Why this replica cannot serve a read now, or null if it can. {@code needed}: the position a
     * read-your-writes read must see (null for none); {@link SkipReason#NOT_CAUGHT_UP} is the one reason
     * that waiting may cure.
     */
    SkipReason unusable(RoutingSettings settings, Position needed) {
        if (pool.circuitState() == CircuitState.OPEN) {
            return SkipReason.CIRCUIT_OPEN;
        }
        ServerStatus seen = status;
        if (seen.role() == ServerRole.UNKNOWN && seen.problem() != null) {
            return SkipReason.UNREACHABLE;
        }
        if (seen.role() == ServerRole.PRIMARY) {
            return SkipReason.PROMOTED;
        }
        if (seen.problem() != null || (seen.lag() != null && seen.lag().compareTo(settings.maxReplicaLag()) > 0)) {
            return SkipReason.LAGGING;
        }
        if (needed != null && (seen.position() == null || !seen.position().covers(needed))) {
            return SkipReason.NOT_CAUGHT_UP;
        }
        return null;
    }

    void skipped(SkipReason reason) {
        skips.get(reason).increment();
    }

    Map<SkipReason, Long> skips() {
        Map<SkipReason, Long> counts = new EnumMap<>(SkipReason.class);
        skips.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    /** In use plus waiting, per unit of weight: what LEAST_LOADED compares. */
    double load() {
        var stats = pool.stats();
        return (stats.active() + stats.pending()) / (double) weight;
    }
}
