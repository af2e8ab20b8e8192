package dev.cistern.it;

import dev.cistern.testkit.db.DatabaseServer;
import dev.cistern.testkit.db.PostgresServer;
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
    static void shutDown() {
        server.close();
    }

    @Override
    protected DatabaseServer server() {
        return server;
    }
}
