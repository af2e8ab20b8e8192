package dev.cistern.routing;

/** What a read may see of the writes before it. */
public enum Consistency {
    /** Any replica within {@code routing.maxReplicaLag}: a read may miss a write made just before it. */
    EVENTUAL,
    /**
     * A read sees the writes its scope committed before it (the thread's, or those of an explicit
     * {@link ConsistencyToken}): it goes to a replica that has replayed them, waits for one up to
     * {@code routing.causalReadTimeout}, or reads from the primary.
     */
    READ_YOUR_WRITES
}
