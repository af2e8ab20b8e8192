package dev.cistern.routing;

import java.util.Map;

/**
 * A routing data source over JMX, as {@code dev.cistern:type=Routing,name=<name>} (registered when the
 * primary's {@code registerMbeans} is on; each pool keeps its own {@code type=Pool} MXBean too).
 */
public interface RoutingMXBean {
    /** {@return the primary's role at the last check: PRIMARY, REPLICA (read-only: writes refused) or UNKNOWN} */
    String getPrimaryRole();

    /** {@return reads the primary served because no replica could} */
    long getFallbackReads();

    /** {@return fallback reads holding a primary connection now} */
    int getFallbackReadsNow();

    /** {@return reads that failed because no replica could serve and no fallback was allowed} */
    long getRefusedReads();

    /** {@return each replica's lag at the last check, in milliseconds; -1 when unknown} */
    Map<String, Long> getReplicaLagMillis();

    /** {@return the reads each replica served} */
    Map<String, Long> getReplicaReads();

    /** {@return for each replica, "serving" or why reads pass it over now (LAGGING, PROMOTED, ...)} */
    Map<String, String> getReplicaStatus();

    /** Checks every server's role and lag now. */
    void checkReplicationNow();
}
