package dev.cistern.it;

import dev.cistern.testkit.db.DatabaseServer;
import dev.cistern.testkit.db.MariaDbServer;
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
    static void shutDown() {
        server.close();
    }

    @Override
    protected DatabaseServer server() {
        return server;
    }
}
