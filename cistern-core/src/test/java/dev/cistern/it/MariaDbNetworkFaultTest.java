package dev.cistern.it;

import dev.cistern.testkit.db.DatabaseServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** The network faults against a real MariaDB 11.4. */
class MariaDbNetworkFaultTest extends NetworkFaultContract {
    @Override
    protected DatabaseServer server() {
        return SharedServers.mariaDb();
    }

    /** MariaDB Connector/J: socketTimeout and connectTimeout in milliseconds. */
    @Override
    protected Map<String, String> driverTimeouts() {
        return Map.of("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toMillis()), "connectTimeout", "2000");
    }

    /** Every client connection but the one asking (the pool's are the only others on this server). */
    @Override
    protected int sessionsOnServer(Connection direct) throws SQLException {
        try (ResultSet rs = direct.createStatement().executeQuery("select count(*) from information_schema.processlist"
                + " where id <> connection_id() and command <> 'Daemon' and user = 'root'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
