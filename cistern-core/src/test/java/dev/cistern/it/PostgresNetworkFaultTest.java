package dev.cistern.it;

import dev.cistern.testkit.db.DatabaseServer;
import dev.cistern.testkit.db.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The network faults against a real PostgreSQL 17. */
class PostgresNetworkFaultTest extends NetworkFaultContract {
    private static PostgresServer server;

    @BeforeAll
    static void launch() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void shutDown() {
        server.close();
    }

    @Override
    protected DatabaseServer server() {
        return server;
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
