package dev.cistern.routing;

import java.sql.Connection;

/**
 * A pooled connection the router handed to a routed connection, and where it came from.
 *
 * @param connection   the pool's connection
 * @param replica      the replica it came from; null for the primary
 * @param fallbackRead a read served by the primary because no replica could: counted against
 *                     {@code routing.maxPrimaryReadShare} until closed
 */
record Lease(Connection connection, Replica replica, boolean fallbackRead) {
    boolean onPrimary() {
        return replica == null;
    }

    String serverName() {
        return replica == null ? "primary" : replica.name;
    }
}
