package dev.cistern.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * MariaDB (and MySQL) replication. Role: {@code @@read_only}. Lag: {@code Seconds_Behind_Source} (or
 * {@code _Master}) of {@code SHOW REPLICA STATUS}, where NULL means replication has stopped. Positions (for
 * read-your-writes, MariaDB only): GTIDs, the primary's {@code @@gtid_binlog_pos} against a replica's
 * {@code @@gtid_slave_pos}; a wait is {@code MASTER_GTID_WAIT}.
 */
final class MariaDbProbe implements ReplicationProbe {

    @Override
    public ServerStatus primary(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT @@read_only")) {
            rs.next();
            boolean readOnly = rs.getBoolean(1);
            return new ServerStatus(readOnly ? ServerRole.REPLICA : ServerRole.PRIMARY, gtid(connection, "@@gtid_binlog_pos"),
                    Duration.ZERO, null);
        }
    }

    @Override
    public ServerStatus replica(Connection connection, Position primaryPosition) throws SQLException {
        boolean readOnly;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT @@read_only")) {
            rs.next();
            readOnly = rs.getBoolean(1);
        }
        Position replayed = gtid(connection, "@@gtid_slave_pos");
        try (Statement s = connection.createStatement(); ResultSet rs = replicaStatus(s)) {
            if (!rs.next()) {
                // not replicating from anyone: a promoted server if it takes writes
                return new ServerStatus(readOnly ? ServerRole.REPLICA : ServerRole.PRIMARY, replayed, null,
                        readOnly ? "replication is not configured" : null);
            }
            long seconds = rs.getLong(column(rs, "Seconds_Behind_Source", "Seconds_Behind_Master"));
            if (rs.wasNull()) {
                return new ServerStatus(ServerRole.REPLICA, replayed, null, "replication has stopped (IO thread "
                        + rs.getString(column(rs, "Replica_IO_Running", "Slave_IO_Running")) + ", SQL thread "
                        + rs.getString(column(rs, "Replica_SQL_Running", "Slave_SQL_Running")) + ")");
            }
            return new ServerStatus(ServerRole.REPLICA, replayed, Duration.ofSeconds(seconds), null);
        }
    }

    private static ResultSet replicaStatus(Statement s) throws SQLException {
        try {
            return s.executeQuery("SHOW REPLICA STATUS");
        } catch (SQLException older) {
            return s.executeQuery("SHOW SLAVE STATUS");
        }
    }

    private static int column(ResultSet rs, String newer, String older) throws SQLException {
        try {
            return rs.findColumn(newer);
        } catch (SQLException e) {
            return rs.findColumn(older);
        }
    }

    /** A GTID position variable, or null where the server has none (MySQL). */
    private static Position gtid(Connection connection, String variable) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT " + variable)) {
            rs.next();
            return Position.Gtid.parse(rs.getString(1));
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public Position writePosition(Connection primary) {
        return gtid(primary, "@@gtid_binlog_pos");
    }

    @Override
    public boolean awaitReplay(Connection replica, Position position, long timeoutNanos) throws SQLException {
        try (var s = replica.prepareStatement("SELECT MASTER_GTID_WAIT(?, ?)")) {
            s.setString(1, position.toString());
            s.setDouble(2, Math.max(0.001, timeoutNanos / (double) TimeUnit.SECONDS.toNanos(1)));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getInt(1) == 0;
            }
        }
    }
}
