package dev.cistern.dialect;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SQLite, the embedded default. An in-memory URL ({@code jdbc:sqlite::memory:}, or {@code jdbc:sqlite:}
 * with no file) normally gives every connection its own empty database, which would make pooling useless.
 * Cistern turns it into a named shared-cache database private to the pool
 * ({@code file:cistern-<pool>-<n>?mode=memory&cache=shared}), and the pool keeps one anchor connection
 * open for its whole life so the data survives connections being retired and replaced.
 */
final class SqliteDialect extends Dialect {
    private static final AtomicLong MEMORY_DATABASE_NUMBER = new AtomicLong();
    // Primary result codes: I/O error, corrupt, cannot open, not a database. Extended codes carry the
    // primary one in the low byte.
    private static final Set<Integer> FATAL_PRIMARY_CODES = Set.of(10, 11, 14, 26);

    SqliteDialect() {
        super(DatabaseType.SQLITE, Set.of(), Set.of());
    }

    @Override
    boolean isFatalVendorError(SQLException e) {
        return e.getErrorCode() > 0 && FATAL_PRIMARY_CODES.contains(e.getErrorCode() & 0xFF);
    }

    @Override
    public String connectionUrl(String jdbcUrl, String poolName) {
        if (isPrivateMemoryUrl(jdbcUrl)) {
            return "jdbc:sqlite:file:cistern-" + poolName + "-" + MEMORY_DATABASE_NUMBER.incrementAndGet()
                    + "?mode=memory&cache=shared";
        }
        return jdbcUrl;
    }

    @Override
    public boolean needsAnchorConnection(String jdbcUrl) {
        return isPrivateMemoryUrl(jdbcUrl) || jdbcUrl.contains("mode=memory");
    }

    private static boolean isPrivateMemoryUrl(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        return rest.isEmpty() || rest.equals(":memory:");
    }
}
