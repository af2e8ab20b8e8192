package dev.cistern.proxy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * A statement lent with a pooled connection. It reports the work it runs to its {@link ProxyConnection}
 * (so an open transaction is rolled back on return), routes driver errors through it (so a dead
 * connection is discarded), wraps the result sets it returns, and tells the connection when the user
 * closes it (so only forgotten statements are closed on return). Used by one thread at a time, like any
 * JDBC statement.
 */
@SuppressWarnings("deprecation")
class ProxyStatement implements Statement {
    final ProxyConnection connection;
    private final Statement delegate;
    private boolean closed;

    ProxyStatement(ProxyConnection connection, Statement delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    // ---- the pool's side ----------------------------------------------------------------------------------

    @Override
    public void close() throws SQLException {
        if (closed) {
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

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        try {
            return delegate.unwrap(iface);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this) || iface.isInstance(delegate)) {
            return true;
        }
        try {
            return delegate.isWrapperFor(iface);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    // ---- plain delegation: errors pass through checkException so a dead connection is noticed ----------

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        connection.markExecuted();
        try {
            ResultSet resultSet = delegate.executeQuery(sql);
            return resultSet == null ? null : new ProxyResultSet(connection, this, resultSet);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.executeUpdate(sql);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        try {
            return delegate.getMaxFieldSize();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        try {
            delegate.setMaxFieldSize(max);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getMaxRows() throws SQLException {
        try {
            return delegate.getMaxRows();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        try {
            delegate.setMaxRows(max);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        try {
            delegate.setEscapeProcessing(enable);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        try {
            return delegate.getQueryTimeout();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        try {
            delegate.setQueryTimeout(seconds);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void cancel() throws SQLException {
        try {
            delegate.cancel();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try {
            return delegate.getWarnings();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try {
            delegate.clearWarnings();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        try {
            delegate.setCursorName(name);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.execute(sql);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        try {
            ResultSet resultSet = delegate.getResultSet();
            return resultSet == null ? null : new ProxyResultSet(connection, this, resultSet);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getUpdateCount() throws SQLException {
        try {
            return delegate.getUpdateCount();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        try {
            return delegate.getMoreResults();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        try {
            delegate.setFetchDirection(direction);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        try {
            return delegate.getFetchDirection();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        try {
            delegate.setFetchSize(rows);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        try {
            return delegate.getFetchSize();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        try {
            return delegate.getResultSetConcurrency();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getResultSetType() throws SQLException {
        try {
            return delegate.getResultSetType();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        try {
            delegate.addBatch(sql);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        try {
            delegate.clearBatch();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        connection.markExecuted();
        try {
            return delegate.executeBatch();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        try {
            return delegate.getMoreResults(current);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        try {
            ResultSet resultSet = delegate.getGeneratedKeys();
            return resultSet == null ? null : new ProxyResultSet(connection, this, resultSet);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.executeUpdate(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.executeUpdate(sql, columnIndexes);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.executeUpdate(sql, columnNames);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.execute(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.execute(sql, columnIndexes);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.execute(sql, columnNames);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        try {
            return delegate.getResultSetHoldability();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        try {
            delegate.setPoolable(poolable);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean isPoolable() throws SQLException {
        try {
            return delegate.isPoolable();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        try {
            delegate.closeOnCompletion();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        try {
            return delegate.isCloseOnCompletion();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        try {
            return delegate.getLargeUpdateCount();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        try {
            delegate.setLargeMaxRows(max);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        try {
            return delegate.getLargeMaxRows();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        connection.markExecuted();
        try {
            return delegate.executeLargeBatch();
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.executeLargeUpdate(sql);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.executeLargeUpdate(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.executeLargeUpdate(sql, columnIndexes);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        connection.markExecuted();
        try {
            return delegate.executeLargeUpdate(sql, columnNames);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public String enquoteLiteral(String val) throws SQLException {
        try {
            return delegate.enquoteLiteral(val);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
        try {
            return delegate.enquoteIdentifier(identifier, alwaysQuote);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public boolean isSimpleIdentifier(String identifier) throws SQLException {
        try {
            return delegate.isSimpleIdentifier(identifier);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }

    @Override
    public String enquoteNCharLiteral(String val) throws SQLException {
        try {
            return delegate.enquoteNCharLiteral(val);
        } catch (SQLException e) {
            throw connection.checkException(e);
        }
    }
}
