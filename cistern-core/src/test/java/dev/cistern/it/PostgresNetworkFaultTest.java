package dev.cistern.it;

import dev.cistern.testkit.db.DatabaseServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** The network faults against a real PostgreSQL 17. */
class PostgresNetworkFaultTest extends NetworkFaultContract {
    @Override
    protected DatabaseServer server() {
        return SharedServers.postgres();
    }

    /** pgjdbc: socketTimeout and connectTimeout in seconds; the name lets the server count the pool's sessions. */
    @Override
    protected Map<String, String> driverTimeouts() {
        return Map.of("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()), "connectTimeout", "2",
                "ApplicationName", "cistern-net-fault");
    }

    @Override
    protected int sessionsOnServer(Connection direct) throws SQLException {
        try (ResultSet rs = direct.createStatement().executeQuery(
                "select count(*) from pg_stat_activity where application_name = 'cistern-net-fault'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
