package dev.cistern;

/**
 * What stands between the pool and the database: nothing, or a server-side pooler (PgBouncer, pgcat, RDS
 * Proxy) that may give each client transaction a different server connection. docs/poolers.md says what
 * each mode changes and what breaks without it.
 */
public enum PoolerMode {
    /** A direct connection, or a pooler in session mode (one server connection per client connection). */
    NONE,
    /**
     * A pooler in transaction mode: the pool leaves no session state on a server connection. Isolation and
     * schema set on a connection are applied per transaction ({@code SET TRANSACTION ISOLATION LEVEL},
     * {@code SET LOCAL search_path}) instead of to the session; settings that could only be applied to the
     * session ({@code connectionInitSql}, the {@code transactionIsolation}, {@code catalog} and {@code schema}
     * defaults) are refused; pgjdbc's server-side prepared statements are switched off
     * ({@code prepareThreshold=0}, unless set).
     */
    TRANSACTION
}
