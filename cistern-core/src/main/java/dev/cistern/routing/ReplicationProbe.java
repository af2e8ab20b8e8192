package dev.cistern.routing;

import dev.cistern.dialect.DatabaseType;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the routing layer asks a database about replication: a server's role, its position in the primary's
 * stream of changes, how far a replica is behind, and a wait for a replica to reach a position. One per
 * database family; databases without replication knowledge get {@link #NONE}, which knows nothing (routing
 * then works without lag or role checks).
 */
interface ReplicationProbe {
    /** The primary's role and current position. */
    ServerStatus primary(Connection connection) throws SQLException;

    /** A replica's role, replayed position and lag behind {@code primaryPosition} (null if unknown). */
    ServerStatus replica(Connection connection, Position primaryPosition) throws SQLException;

    /** Where the primary stands now, on a connection that has just written; null if this database cannot say. */
    Position writePosition(Connection primary) throws SQLException;

    /** Waits on a replica connection until it has replayed {@code position}, at most {@code timeoutNanos}. */
    boolean awaitReplay(Connection replica, Position position, long timeoutNanos) throws SQLException;

    /** Knows nothing: every role UNKNOWN, no positions. */
    ReplicationProbe NONE = new ReplicationProbe() {
        @Override
        public ServerStatus primary(Connection connection) {
            return ServerStatus.NOT_CHECKED;
        }

        @Override
        public ServerStatus replica(Connection connection, Position primaryPosition) {
            return ServerStatus.NOT_CHECKED;
        }

        @Override
        public Position writePosition(Connection primary) {
            return null;
        }

        @Override
        public boolean awaitReplay(Connection replica, Position position, long timeoutNanos) {
            return false;
        }
    };

    static ReplicationProbe forUrl(String jdbcUrl) {
        DatabaseType type = jdbcUrl == null ? null : DatabaseType.fromUrl(jdbcUrl);
        if (type == DatabaseType.POSTGRESQL) {
            return new PostgresProbe();
        }
        if (type == DatabaseType.MARIADB || type == DatabaseType.MYSQL) {
            return new MariaDbProbe();
        }
        return NONE;
    }
}
