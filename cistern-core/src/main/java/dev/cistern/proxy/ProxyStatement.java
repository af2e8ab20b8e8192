package dev.cistern.proxy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A statement lent with a pooled connection. Beside the generated delegation (refuse once the connection
 * is gone, note executed work so an open transaction is rolled back on return, route driver errors through
 * the connection's fatal check), it wraps the result sets it returns, leads back to the pooled connection,
 * and tells the connection when the user closes it (so only forgotten statements are closed on return).
 * Used by one thread at a time, like any JDBC statement.
 */
@GenerateDelegation(value = Statement.class, owner = ProxyConnection.class, wrap = ResultSet.class,
        work = {"execute", "executeQuery", "executeUpdate", "executeBatch", "executeLargeBatch", "executeLargeUpdate"})
class ProxyStatement extends StatementDelegation {
    private boolean closed;

    ProxyStatement(ProxyConnection connection, Statement delegate) {
        super(connection, delegate);
    }

    @Override
    final ResultSet wrap(ResultSet resultSet) {
        return resultSet == null ? null : new ProxyResultSet(connection, this, resultSet);
    }

    /**
     * Closes the statement. Once the connection is closed the driver's statement is no longer ours to touch
     * (the pool closed it on return, or took the whole connection back), so this is then a no-op.
     */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        if (connection.isClosed()) {
            closed = true;
            return;
        }
        try {
            closeForReturn();
        } finally {
            connection.untrackStatement(this);
        }
    }

    /** Closes the driver's statement without untracking: the connection is closing its whole list. */
    void closeForReturn() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            delegate.close();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    /** True once closed, or once its connection is closed: answering never touches a connection that is gone. */
    @Override
    public boolean isClosed() throws SQLException {
        if (closed || connection.isClosed()) {
            return true;
        }
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        connection.checkOpen();
        return connection;
    }
}
