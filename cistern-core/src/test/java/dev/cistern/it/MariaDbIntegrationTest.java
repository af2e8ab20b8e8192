package dev.cistern.it;

import dev.cistern.testkit.db.DatabaseServer;

/** The pool against a real MariaDB 11.4 server started once for the run (SharedServers). */
class MariaDbIntegrationTest extends RealServerContract {
    @Override
    protected DatabaseServer server() {
        return SharedServers.mariaDb();
    }
}
