package dev.cistern.proxy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;

/**
 * Behind a transaction-mode pooler ({@code poolerMode=TRANSACTION}), how a borrower's isolation and schema
 * reach the server without touching the session: at the first statement of each transaction, as
 * {@code SET TRANSACTION ISOLATION LEVEL ...} and (PostgreSQL) {@code SET LOCAL search_path TO ...}, which
 * end with the transaction. One per pool; stateless.
 */
public final class PerTransactionSettings {
    private final boolean schemaPerTransaction;

    /**
     * @param schemaPerTransaction whether the database can scope a schema to one transaction (PostgreSQL's
     *                             {@code SET LOCAL}); elsewhere {@code setSchema} is refused
     */
    public PerTransactionSettings(boolean schemaPerTransaction) {
        this.schemaPerTransaction = schemaPerTransaction;
    }

    void checkSchema() throws SQLException {
        if (!schemaPerTransaction) {
            throw new SQLFeatureNotSupportedException("setSchema cannot be scoped to one transaction on this database;"
                    + " behind a transaction-mode pooler (poolerMode=TRANSACTION) it would change a server session that"
                    + " other clients get next: qualify names with the schema instead");
        }
    }

    /** Runs at the first statement of a transaction (autocommit off); isolation < 0 or a null schema: leave it. */
    void apply(Connection physical, int isolation, String schema) throws SQLException {
        try (Statement s = physical.createStatement()) {
            if (isolation >= 0) {
                s.execute("SET TRANSACTION ISOLATION LEVEL " + isolationName(isolation));
            }
            if (schema != null) {
                s.execute("SET LOCAL search_path TO \"" + schema.replace("\"", "\"\"") + "\"");
            }
        }
    }

    /** With autocommit on there is no transaction to scope a schema to. */
    static SQLException schemaNeedsATransaction() {
        return new SQLException("setSchema behind a transaction-mode pooler (poolerMode=TRANSACTION) applies per"
                + " transaction (SET LOCAL search_path); with autocommit on there is no transaction to apply it to:"
                + " turn autocommit off, or qualify names with the schema", "0A000");
    }

    private static String isolationName(int level) throws SQLException {
        switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED: return "READ UNCOMMITTED";
            case Connection.TRANSACTION_READ_COMMITTED: return "READ COMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ: return "REPEATABLE READ";
            case Connection.TRANSACTION_SERIALIZABLE: return "SERIALIZABLE";
            default: throw new SQLException("unknown transaction isolation level " + level, "HY009");
        }
    }
}
