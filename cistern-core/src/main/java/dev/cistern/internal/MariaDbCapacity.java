package dev.cistern.internal;

import dev.cistern.internal.PostgresCapacity.FleetReading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How many connections a MariaDB or MySQL server has, and who holds them, for a fleet member. A member names its
 * connections with the connection attribute {@code program_name}, which the server shows in
 * {@code performance_schema.session_connect_attrs}: so the server needs {@code performance_schema=ON} (MySQL's
 * default; MariaDB's is off), and the user needs to read it. The capacity is {@code max_connections}, or the
 * per-user {@code max_user_connections} when set and smaller; the others are the sessions in
 * {@code information_schema.PROCESSLIST} (a user without the PROCESS privilege sees its own only) that are not the
 * fleet's. Internal (this package is not exported).
 */
public final class MariaDbCapacity {
    /** The connection attribute that carries a member's name. */
    public static final String ATTRIBUTE = "program_name";

    private MariaDbCapacity() {
    }

    /** {@return whether the server records connection attributes at all} */
    public static boolean attributesRecorded(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@performance_schema")) {
            return rs.next() && rs.getInt(1) != 0;
        }
    }

    /** {@return the capacity, the sessions outside the fleet and the fleet's members} */
    public static FleetReading readFleet(Connection c, String fleetPrefix) throws SQLException {
        int capacity;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT @@max_connections, @@max_user_connections")) {
            rs.next();
            int perUser = rs.getInt(2);
            capacity = perUser > 0 ? Math.min(rs.getInt(1), perUser) : rs.getInt(1);
        }
        int sessions;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM information_schema.PROCESSLIST WHERE COMMAND NOT IN ('Daemon', 'Binlog Dump')"
                        + " AND USER <> 'system user'")) {
            rs.next();
            sessions = rs.getInt(1);
        }
        try (PreparedStatement fleet = c.prepareStatement("SELECT count(*), count(DISTINCT ATTR_VALUE)"
                + " FROM performance_schema.session_connect_attrs WHERE ATTR_NAME = ? AND ATTR_VALUE LIKE ?")) {
            fleet.setString(1, ATTRIBUTE);
            fleet.setString(2, fleetPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rs = fleet.executeQuery()) {
                rs.next();
                return new FleetReading(capacity, Math.max(0, sessions - rs.getInt(1)), rs.getInt(2));
            }
        }
    }
}
