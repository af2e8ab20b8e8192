package dev.cistern.routing;

/** A server's role as the routing data source last saw it. */
public enum ServerRole {
    /** Accepts writes. */
    PRIMARY,
    /** Read-only: replaying another server's changes (or set read-only). */
    REPLICA,
    /** Not checked yet, not reachable, or a database whose role Cistern cannot read. */
    UNKNOWN
}
