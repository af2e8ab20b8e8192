package dev.cistern.cli;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.internal.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database a load runs on. Without {@code --db} (or with an in-memory SQLite URL) it is a fresh SQLite
 * file in the temporary directory, in WAL mode, deleted afterwards: an in-memory SQLite database shared by a
 * pool serialises writers with table locks and fails them with {@code SQLITE_LOCKED}, while a WAL file lets
 * readers run beside the one writer and makes writers queue ({@code busy_timeout}) instead of failing.
 */
final class LoadTarget implements AutoCloseable {
    private final DatabaseOptions options;
    private final Path temporaryFile;

    private LoadTarget(DatabaseOptions options, Path temporaryFile) {
        this.options = options;
        this.temporaryFile = temporaryFile;
    }

    static LoadTarget of(DatabaseOptions options) throws IOException {
        boolean inMemorySqlite = options.jdbcUrl.startsWith("jdbc:sqlite:") && options.jdbcUrl.contains(":memory:");
        return new LoadTarget(options, inMemorySqlite ? Files.createTempFile("cistern-load-", ".db") : null);
    }

    /** {@return the URL the pool connects with} */
    String url() {
        if (temporaryFile == null) {
            return options.url();
        }
        // IMMEDIATE: a script's transaction takes the write lock at BEGIN and so queues behind busy_timeout; a
        // deferred one that reads first fails with SQLITE_BUSY when it upgrades after another writer committed.
        return "jdbc:sqlite:" + temporaryFile
                + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000&transaction_mode=IMMEDIATE";
    }

    /** A pool of the given size on this database, with the run's connection timeout, all connections open. */
    CisternDataSource openPool(String name, int size, LoadSettings settings) throws SQLException {
        PoolConfig config = options.pool(name).jdbcUrl(url()).maximumPoolSize(size)
                .connectionTimeout(settings.connectionTimeout()).build();
        CisternDataSource dataSource = new CisternDataSource(config);
        try {
            dataSource.warmUp();
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    /** What the reports say was loaded: the URL (any password masked), the product and its version. */
    Map<String, Object> describe(CisternDataSource dataSource) throws SQLException {
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("url", temporaryFile != null ? "temporary SQLite file (WAL)" : Secrets.maskUrl(options.jdbcUrl));
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            database.put("product", metaData.getDatabaseProductName());
            database.put("version", metaData.getDatabaseProductVersion());
        }
        return database;
    }

    /** Runs the workload's set-up on one connection of the pool. */
    static void setUp(CisternDataSource dataSource, Workload workload) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            workload.setUp(connection);
        }
    }

    /** Runs the workload's clean-up on one connection of the pool. */
    static void tearDown(CisternDataSource dataSource, Workload workload) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            workload.tearDown(connection);
        }
    }

    @Override
    public void close() throws IOException {
        if (temporaryFile != null) {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(Path.of(temporaryFile + suffix));
            }
        }
    }
}
