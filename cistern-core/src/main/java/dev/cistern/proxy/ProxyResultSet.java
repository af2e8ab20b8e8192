package dev.cistern.proxy;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A result set from a pooled connection: {@link #getStatement()} gives the statement wrapper (never the
 * driver's statement, which would lead back to the physical connection), its metadata is wrapped, and
 * once the connection is gone it refuses use. The rest, including routing driver errors through the
 * connection's fatal check, is the generated delegation. Used by one thread at a time.
 */
@GenerateDelegation(value = ResultSet.class, owner = ProxyConnection.class, wrap = ResultSetMetaData.class,
        work = {"insertRow", "updateRow", "deleteRow"})
public final class ProxyResultSet extends ResultSetDelegation {
    private final Statement statement;

    /**
     * @param statement the statement wrapper that produced it, or null for metadata result sets
     */
    ProxyResultSet(ProxyConnection connection, Statement statement, ResultSet delegate) {
        super(connection, delegate);
        this.statement = statement;
    }

    @Override
    ResultSetMetaData wrap(ResultSetMetaData metaData) {
        return metaData == null ? null : new ProxyResultSetMetaData(connection, metaData);
    }

    @Override
    public Statement getStatement() throws SQLException {
        connection.checkOpen();
        return statement;
    }

    /** A no-op once the connection is gone: the driver's result set is no longer ours to touch. */
    @Override
    public void close() throws SQLException {
        if (connection.isClosed()) {
            return;
        }
        try {
            delegate.close();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    /** True once closed, or once its connection is closed. */
    @Override
    public boolean isClosed() throws SQLException {
        if (connection.isClosed()) {
            return true;
        }
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }
}
