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
    private static PostgresServer seventeenAppSlots;

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

    /**
     * A PostgreSQL that holds 17 sessions for the application's role, {@code app} ({@code max_connections=20},
     * 3 reserved for superusers): the tests of many instances against one full server share it.
     */
    static synchronized PostgresServer postgresWithSeventeenAppSlots() {
        if (seventeenAppSlots == null) {
            try {
                seventeenAppSlots = PostgresServer.startWith("max_connections=20", "superuser_reserved_connections=3");
                seventeenAppSlots.createRole("app");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return seventeenAppSlots;
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
