package dev.cistern.routing;

import dev.cistern.PoolStats;
import java.time.Duration;
import java.util.Map;

/**
 * One replica as its routing data source sees it.
 *
 * @param name        the replica's pool name
 * @param role        its role at the last check
 * @param lag         how far its replay was behind the primary at the last check; null when unknown (not
 *                    checked, unreachable, stopped replication, or a database Cistern cannot ask)
 * @param passedOver  why reads pass it over now; null when it serves
 * @param reads       reads it has served
 * @param skips       how often reads passed it over, by reason
 * @param pool        its pool's own stats; null once closed
 */
public record ReplicaStats(String name, ServerRole role, Duration lag, SkipReason passedOver, long reads,
        Map<SkipReason, Long> skips, PoolStats pool) {
}
