package dev.cistern.it;

import dev.cistern.testkit.db.PostgresServer;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The pool against a real PostgreSQL 17 server that the test starts itself. */
class PostgresIntegrationTest extends RealServerContract {
    private static PostgresServer server;

    @BeforeAll
    static void launch() throws Exception {
        server = PostgresServer.start();
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
        return "SELECT pg_backend_pid()";
    }

    @Override
    protected void killSession(long sessionId) throws SQLException {
        server.terminateBackend(sessionId); // the server reports 57P01 admin_shutdown to the session
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
