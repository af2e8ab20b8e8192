package dev.cistern.it;

import dev.cistern.testkit.db.DatabaseServer;

/** The restart storm against a real MariaDB. */
class ReconnectStormMariaDbTest extends ReconnectStormContract {
    @Override
    protected DatabaseServer server() {
        return SharedServers.mariaDb();
    }
}
