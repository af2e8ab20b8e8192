package dev.cistern.routing;

/** What a read does when no replica can serve it. */
public enum ReplicaFallback {
    /** Read from the primary, within {@code routing.maxPrimaryReadShare} of its connections. */
    PRIMARY,
    /** Fail with an exception that says why each replica was passed over. */
    FAIL
}
