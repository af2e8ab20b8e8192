package dev.cistern.it;

import dev.cistern.testkit.db.DatabaseServer;

/** The restart storm against a real PostgreSQL 17. */
class ReconnectStormPostgresTest extends ReconnectStormContract {
    @Override
    protected DatabaseServer server() {
        return SharedServers.postgres();
    }
}
