package dev.cistern.routing;

/** Why a replica was passed over for a read. */
public enum SkipReason {
    /** Its pool's circuit breaker is open: its database is down. */
    CIRCUIT_OPEN,
    /** Its pool could not lend a connection within {@code routing.replicaAcquireTimeout}. */
    BUSY,
    /** Its last check failed: it could not be reached or queried. */
    UNREACHABLE,
    /** It is further behind the primary than {@code routing.maxReplicaLag}, or its replication has stopped. */
    LAGGING,
    /** It accepts writes now (promoted): it no longer follows the primary. */
    PROMOTED,
    /** Read-your-writes: it had not replayed the reader's last write within {@code routing.causalReadTimeout}. */
    NOT_CAUGHT_UP
}
