package dev.cistern.it;

import dev.cistern.testkit.db.DatabaseServer;

/** The pool against a real PostgreSQL 17 server started once for the run (SharedServers). */
class PostgresIntegrationTest extends RealServerContract {
    @Override
    protected DatabaseServer server() {
        return SharedServers.postgres();
    }
}
