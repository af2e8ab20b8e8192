package dev.cistern.routing;

import dev.cistern.PoolStats;
import java.util.List;

/**
 * A routing data source's figures.
 *
 * @param primaryRole        the primary's role at the last check (REPLICA: it is read-only, and writes are refused)
 * @param primary            the primary pool's stats; null once closed
 * @param replicas           each replica's
 * @param fallbackReads      reads the primary served because no replica could
 * @param fallbackReadsNow   fallback reads holding a primary connection now
 * @param refusedReads       reads that failed because no replica could serve and no fallback was allowed
 * @param writesTo           the pool writes go to: the primary's, or a promoted replica's
 *                           ({@code routing.followPrimary}); null while two servers take writes and writes are refused
 */
public record RoutingStats(ServerRole primaryRole, PoolStats primary, List<ReplicaStats> replicas, long fallbackReads,
        int fallbackReadsNow, long refusedReads, String writesTo) {
}
