package dev.cistern.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * PostgreSQL streaming replication. Role: {@code pg_is_in_recovery()}. Positions: WAL LSNs, the primary's
 * {@code pg_current_wal_lsn()} against a standby's {@code pg_last_wal_replay_lsn()}. Lag in time:
 * {@code now() - pg_last_xact_replay_timestamp()}, but only while the standby is behind in bytes: on an
 * idle primary that timestamp grows with nothing to replay. PostgreSQL 17 has no {@code WAIT FOR LSN}, so
 * a wait polls the replay position.
 */
final class PostgresProbe implements ReplicationProbe {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    @Override
    public ServerStatus primary(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), CASE WHEN pg_is_in_recovery()"
                     + " THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END::text")) {
            rs.next();
            boolean inRecovery = rs.getBoolean(1);
            return new ServerStatus(inRecovery ? ServerRole.REPLICA : ServerRole.PRIMARY, Position.Lsn.parse(rs.getString(2)),
                    Duration.ZERO, null);
        }
    }

    @Override
    public ServerStatus replica(Connection connection, Position primaryPosition) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,"
                     + " EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp()))")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return new ServerStatus(ServerRole.PRIMARY, null, Duration.ZERO, null);
            }
            Position.Lsn replayed = Position.Lsn.parse(rs.getString(2));
            double secondsSinceReplay = rs.getDouble(3);
            boolean noReplayYet = rs.wasNull();
            if (replayed == null || primaryPosition == null || replayed.covers(primaryPosition)) {
                return new ServerStatus(ServerRole.REPLICA, replayed, primaryPosition == null ? null : Duration.ZERO, null);
            }
            long bytesBehind = primaryPosition.bytesAfter(replayed);
            if (noReplayYet) {
                return new ServerStatus(ServerRole.REPLICA, replayed, null,
                        bytesBehind + " bytes behind and no transaction replayed yet");
            }
            return new ServerStatus(ServerRole.REPLICA, replayed,
                    Duration.ofNanos((long) (Math.max(0, secondsSinceReplay) * 1e9)), null);
        }
    }

    @Override
    public Position writePosition(Connection primary) throws SQLException {
        try (Statement s = primary.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            return Position.Lsn.parse(rs.getString(1));
        }
    }

    @Override
    public boolean awaitReplay(Connection replica, Position position, long timeoutNanos) throws SQLException {
        long deadline = System.nanoTime() + timeoutNanos;
        try (Statement s = replica.createStatement()) {
            for (;;) {
                try (ResultSet rs = s.executeQuery("SELECT pg_last_wal_replay_lsn()::text")) {
                    rs.next();
                    Position.Lsn replayed = Position.Lsn.parse(rs.getString(1));
                    if (replayed != null && replayed.covers(position)) {
                        return true;
                    }
                }
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }
}
