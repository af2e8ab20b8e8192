package dev.cistern.it;

import dev.cistern.testkit.db.MariaDbServer;
import dev.cistern.testkit.db.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL and one real MariaDB for all the integration test classes of a run, started at first
 * use (a start costs seconds); each launcher's shutdown hook stops its server when the JVM ends. Tests that
 * stop a server start it again before they end.
 */
final class SharedServers {
    private static PostgresServer postgres;
    private static MariaDbServer mariaDb;

    private SharedServers() {
    }

    static synchronized PostgresServer postgres() {
        if (postgres == null) {
            try {
                postgres = PostgresServer.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres;
    }

    static synchronized MariaDbServer mariaDb() {
        if (mariaDb == null) {
            try {
                mariaDb = MariaDbServer.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return mariaDb;
    }
}
