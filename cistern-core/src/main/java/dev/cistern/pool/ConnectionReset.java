package dev.cistern.pool;

import dev.cistern.proxy.ProxyConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * Puts a returned connection back the way the pool lends it: rolls back an open transaction, restores
 * only the session settings the borrower changed (the proxy's dirty bits) and clears warnings; then, if
 * configured, validates it.
 */
final class ConnectionReset {
    private final ErrorText errors;
    private final Validator validator;
    private final boolean validateOnReturn;
    private final Executor timeoutExecutor;

    ConnectionReset(ErrorText errors, Validator validator, boolean validateOnReturn, Executor timeoutExecutor) {
        this.errors = errors;
        this.validator = validator;
        this.validateOnReturn = validateOnReturn;
        this.timeoutExecutor = timeoutExecutor;
    }

    /** Resets the entry's connection; returns why it must be retired instead, or null when it is fit to lend. */
    String reset(PoolEntry entry, int dirtyBits, boolean rollbackNeeded) {
        Connection physical = entry.physical;
        try {
            if (rollbackNeeded) {
                physical.rollback();
            }
            if (dirtyBits != 0) {
                restoreDefaults(entry, dirtyBits);
            }
            // Cleared without looking: MariaDB Connector/J answers getWarnings with a SHOW WARNINGS round
            // trip whenever the last statement left any, while clearWarnings only resets a counter (pgjdbc
            // does the same work either way). It also finds a connection closed underneath the pool
            // (through unwrap), as JDBC has it throw once closed.
            physical.clearWarnings();
        } catch (SQLException | RuntimeException e) {
            return isClosed(physical) ? "closed by the application" : "reset on return failed: " + errors.describe(e);
        }
        if (validateOnReturn && !validator.validate(entry)) {
            return "failed validation on return";
        }
        return null;
    }

    private static boolean isClosed(Connection physical) {
        try {
            return physical.isClosed();
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }

    private void restoreDefaults(PoolEntry entry, int dirtyBits) throws SQLException {
        Connection physical = entry.physical;
        ConnectionDefaults defaults = entry.defaults;
        if ((dirtyBits & ProxyConnection.DIRTY_AUTOCOMMIT) != 0) {
            physical.setAutoCommit(defaults.autoCommit);
        }
        if ((dirtyBits & ProxyConnection.DIRTY_READ_ONLY) != 0) {
            physical.setReadOnly(defaults.readOnly);
        }
        if ((dirtyBits & ProxyConnection.DIRTY_ISOLATION) != 0) {
            physical.setTransactionIsolation(defaults.transactionIsolation);
        }
        if ((dirtyBits & ProxyConnection.DIRTY_CATALOG) != 0 && defaults.catalog != null) {
            physical.setCatalog(defaults.catalog);
        }
        if ((dirtyBits & ProxyConnection.DIRTY_SCHEMA) != 0 && defaults.schema != null) {
            physical.setSchema(defaults.schema);
        }
        if ((dirtyBits & ProxyConnection.DIRTY_NETWORK_TIMEOUT) != 0 && defaults.networkTimeoutMillis >= 0) {
            physical.setNetworkTimeout(timeoutExecutor, defaults.networkTimeoutMillis);
        }
    }
}
