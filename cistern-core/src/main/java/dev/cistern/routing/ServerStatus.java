package dev.cistern.routing;

import java.time.Duration;

/**
 * One server as the last check found it.
 *
 * @param role     what it was doing
 * @param position where it stood: a primary's current position, a replica's replayed one; null if unknown
 * @param lag      how far a replica's replay was behind the primary in time (zero when not behind); null
 *                 when unknown or when its replication has stopped
 * @param problem  why the check failed or the replica cannot be trusted (stopped replication), else null
 */
record ServerStatus(ServerRole role, Position position, Duration lag, String problem) {
    static final ServerStatus NOT_CHECKED = new ServerStatus(ServerRole.UNKNOWN, null, null, null);

    static ServerStatus failed(String problem) {
        return new ServerStatus(ServerRole.UNKNOWN, null, null, problem);
    }
}
