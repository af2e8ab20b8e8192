package dev.cistern.it;

import dev.cistern.testkit.db.MariaDbServer;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The pool against a real MariaDB 11.4 server that the test starts itself. */
class MariaDbIntegrationTest extends RealServerContract {
    private static MariaDbServer server;

    @BeforeAll
    static void launch() throws Exception {
        server = MariaDbServer.start();
    }

    @AfterAll
    static void stopServerForGood() {
        server.close();
    }

    @Override
    protected String jdbcUrl() {
        return server.jdbcUrl();
    }

    @Override
    protected String username() {
        return server.username();
    }

    @Override
    protected String password() {
        return server.password();
    }

    @Override
    protected String sessionIdQuery() {
        return "SELECT CONNECTION_ID()";
    }

    @Override
    protected void killSession(long sessionId) throws SQLException {
        server.killConnection(sessionId);
    }

    @Override
    protected void stopServer() throws Exception {
        server.stop();
    }

    @Override
    protected void startServer() throws Exception {
        server.startServer();
    }
}
