package dev.cistern.pool;

/**
 * The session settings a physical connection had when the pool first set it up; on return, whatever the
 * borrower changed is put back to these. Captured per connection because a driver's defaults (catalog,
 * schema, network timeout) can differ between servers.
 */
final class ConnectionDefaults {
    final boolean autoCommit;
    final boolean readOnly;
    final int transactionIsolation;
    final String catalog;
    final String schema;
    /** -1 when the driver does not support network timeouts. */
    final int networkTimeoutMillis;

    ConnectionDefaults(boolean autoCommit, boolean readOnly, int transactionIsolation, String catalog,
            String schema, int networkTimeoutMillis) {
        this.autoCommit = autoCommit;
        this.readOnly = readOnly;
        this.transactionIsolation = transactionIsolation;
        this.catalog = catalog;
        this.schema = schema;
        this.networkTimeoutMillis = networkTimeoutMillis;
    }
}
