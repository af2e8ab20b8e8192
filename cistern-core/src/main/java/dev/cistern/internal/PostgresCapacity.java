package dev.cistern.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many connections a PostgreSQL server has for the connecting role, and who holds them: what a fleet member
 * reads to find its share, and what {@code cistern check} prints. Internal (this package is not exported):
 * public so that the pool and the CLI read the server one way.
 *
 * <p>The capacity is {@code max_connections} less the slots kept for superusers
 * ({@code superuser_reserved_connections}, and {@code reserved_connections} from PostgreSQL 16), or the role's
 * or the database's {@code CONNECTION LIMIT} when smaller. Sessions are the rows of {@code pg_stat_activity}
 * that have a user; a role without {@code pg_read_all_stats} sees other roles' rows without their backend type,
 * so a background worker running as a superuser is counted with them (an error towards fewer).
 */
public final class PostgresCapacity {
    private static final String CAPACITY = "least("
            + "current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int"
            + " - coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0),"
            + " (SELECT CASE WHEN rolconnlimit >= 0 THEN rolconnlimit ELSE 2147483647 END FROM pg_roles"
            + " WHERE rolname = current_user),"
            + " (SELECT CASE WHEN datconnlimit >= 0 THEN datconnlimit ELSE 2147483647 END FROM pg_database"
            + " WHERE datname = current_database()))";
    private static final String SESSIONS = " FROM pg_stat_activity WHERE usename IS NOT NULL"
            + " AND (backend_type IS NULL OR backend_type = 'client backend')";

    /**
     * One reading for a fleet.
     *
     * @param capacity the connections the role may have
     * @param others   sessions whose application_name does not start with the fleet's prefix
     * @param members  distinct application_names that do
     */
    public record FleetReading(int capacity, int others, int members) {
    }

    private PostgresCapacity() {
    }

    /** {@return the capacity, the sessions outside the fleet and the fleet's members, in one query} */
    public static FleetReading readFleet(Connection c, String fleetPrefix) throws SQLException {
        try (PreparedStatement reading = c.prepareStatement("SELECT " + CAPACITY + ","
                + " count(*) FILTER (WHERE NOT starts_with(coalesce(application_name, ''), ?)),"
                + " count(DISTINCT application_name) FILTER (WHERE starts_with(application_name, ?))" + SESSIONS)) {
            reading.setString(1, fleetPrefix);
            reading.setString(2, fleetPrefix);
            try (ResultSet rs = reading.executeQuery()) {
                rs.next();
                return new FleetReading(rs.getInt(1), rs.getInt(2), rs.getInt(3));
            }
        }
    }

    /** {@return the connections the connecting role may have} */
    public static int capacity(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + CAPACITY)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** {@return the sessions by application_name ("" for none), most first} */
    public static Map<String, Integer> sessionsByApplication(Connection c) throws SQLException {
        Map<String, Integer> sessions = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(application_name, ''),"
                + " count(*)" + SESSIONS + " GROUP BY 1 ORDER BY 2 DESC, 1")) {
            while (rs.next()) {
                sessions.put(rs.getString(1), rs.getInt(2));
            }
        }
        return sessions;
    }

    /** {@return a member's fair share: {@code (capacity − headroom − others) / members}, within [floor, maximum]} */
    public static int share(int capacity, int headroom, int others, int members, int floor, int maximum) {
        int fair = (capacity - headroom - others) / Math.max(1, members);
        return Math.max(floor, Math.min(maximum, fair));
    }
}
