package dev.cistern.proxy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The connection a borrower holds: a thin wrapper over the physical connection that (1) refuses every call
 * once closed, so a stale reference never reaches the physical connection again, (2) records which session
 * settings the user changed and whether a transaction may be open, so that only those are reset on return,
 * (3) keeps the statements it opened so that it can close the ones the user forgot, and (4) notices fatal
 * errors so the pool discards the physical connection instead of lending it again.
 *
 * <p>Thread-safety: a borrowed connection is used by one thread at a time, as JDBC expects; only
 * {@code closed} is read across threads (the pool may invalidate a proxy), so only it is volatile.
 */
public final class ProxyConnection implements Connection {
    public static final int DIRTY_AUTOCOMMIT = 1;
    public static final int DIRTY_READ_ONLY = 1 << 1;
    public static final int DIRTY_ISOLATION = 1 << 2;
    public static final int DIRTY_CATALOG = 1 << 3;
    public static final int DIRTY_SCHEMA = 1 << 4;
    public static final int DIRTY_NETWORK_TIMEOUT = 1 << 5;

    private static final Statement[] NO_STATEMENTS = new Statement[0];

    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(ProxyConnection.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConnectionLease lease;
    private final Connection delegate;
    private final int defaultQueryTimeoutSeconds;
    /** Set once, by CAS: whoever sets it (the user's close, or the pool taking the connection back) owns the return. */
    @SuppressWarnings("unused") // written through CLOSED
    private volatile boolean closed;
    private String closedReason = "connection is closed";
    private boolean autoCommit;
    private boolean transactionDirty;
    private boolean broken;
    private int dirtyBits;
    private Statement[] openStatements = NO_STATEMENTS;
    private int openStatementCount;

    /**
     * @param autoCommit the physical connection's autocommit mode when lent (the pool's default)
     */
    public ProxyConnection(ConnectionLease lease, Connection delegate, boolean autoCommit) {
        this(lease, delegate, autoCommit, 0);
    }

    /**
     * @param defaultQueryTimeoutSeconds a query timeout given to every statement this connection creates
     *                                   (the user may still set another); 0 for none
     */
    public ProxyConnection(ConnectionLease lease, Connection delegate, boolean autoCommit, int defaultQueryTimeoutSeconds) {
        this.lease = lease;
        this.delegate = delegate;
        this.autoCommit = autoCommit;
        this.defaultQueryTimeoutSeconds = defaultQueryTimeoutSeconds;
    }

    // ---- the pool's side ------------------------------------------------------------------------------

    /**
     * Inspects an exception thrown by the physical connection or one of its objects: a fatal one marks this
     * connection broken so that it is discarded on close. Returns the exception for the caller to throw.
     */
    public SQLException checkException(SQLException e) {
        if (!broken && lease.isFatal(e)) {
            broken = true;
        }
        return e;
    }

    /** Called by statements before they run work: a transaction may now be open. */
    public void markExecuted() {
        transactionDirty = true;
    }

    /** Called by a statement the user closed, so it is not closed again on return. */
    public void untrackStatement(Statement statement) {
        for (int i = openStatementCount - 1; i >= 0; i--) {
            if (openStatements[i] == statement) {
                int tail = openStatementCount - i - 1;
                if (tail > 0) {
                    System.arraycopy(openStatements, i + 1, openStatements, i, tail);
                }
                openStatements[--openStatementCount] = null;
                return;
            }
        }
    }

    /**
     * Makes this proxy unusable without giving the connection back: used when the pool takes a connection
     * away from its holder (shutdown, reclaim). Every later call throws with the given reason.
     */
    public void invalidate(String reason) {
        closedReason = reason;
        closed = true;
    }

    /**
     * Takes the connection away from its holder (leak reclaim): succeeds only if the holder has not closed
     * it first, in which case the holder's later {@code close()} does nothing and every other call throws
     * with {@code reason}. True means the caller, not the holder, now owns the physical connection.
     */
    public boolean takeAway(String reason) {
        closedReason = reason;
        return CLOSED.compareAndSet(this, false, true);
    }

    /** The pool's side of this borrow. */
    public ConnectionLease lease() {
        return lease;
    }

    public boolean isBroken() {
        return broken;
    }

    private <T extends Statement> T track(T statement) throws SQLException {
        if (defaultQueryTimeoutSeconds > 0) {
            try {
                statement.setQueryTimeout(defaultQueryTimeoutSeconds);
            } catch (SQLFeatureNotSupportedException e) {
                // the driver has no query timeouts: nothing to apply
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
        }
        if (openStatementCount == openStatements.length) {
            openStatements = Arrays.copyOf(openStatements, Math.max(8, openStatementCount * 2));
        }
        openStatements[openStatementCount++] = statement;
        return statement;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException(closedReason, "08003");
        }
    }

    // ---- close: the return path ----------------------------------------------------------------------

    @Override
    public void close() throws SQLException {
        if (closed || !CLOSED.compareAndSet(this, false, true)) {
            return; // closed before, or taken back by the pool (leak reclaim, shutdown)
        }
        closeForgottenStatements();
        lease.giveBack(dirtyBits, transactionDirty && !autoCommit, broken);
    }

    private void closeForgottenStatements() {
        int count = openStatementCount;
        if (count == 0) {
            return;
        }
        Statement[] statements = openStatements;
        openStatementCount = 0;
        for (int i = 0; i < count; i++) {
            try {
                Statement statement = statements[i];
                statements[i] = null;
                ((ProxyStatement) statement).closeForReturn();
            } catch (SQLException e) {
                checkException(e);
            }
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        checkOpen();
        broken = true;
        try {
            delegate.abort(executor);
        } catch (SQLException e) {
            throw checkException(e);
        } finally {
            close();
        }
    }

    // ---- statements -----------------------------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        try {
            return track(new ProxyStatement(this, delegate.createStatement()));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyStatement(this, delegate.createStatement(resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkOpen();
        try {
            return track(new ProxyStatement(this,
                    delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability)));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this, delegate.prepareStatement(sql)));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this,
                    delegate.prepareStatement(sql, resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this,
                    delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability)));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this, delegate.prepareStatement(sql, autoGeneratedKeys)));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this, delegate.prepareStatement(sql, columnIndexes)));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyPreparedStatement(this, delegate.prepareStatement(sql, columnNames)));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyCallableStatement(this, delegate.prepareCall(sql)));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        checkOpen();
        try {
            return track(new ProxyCallableStatement(this,
                    delegate.prepareCall(sql, resultSetType, resultSetConcurrency)));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        checkOpen();
        try {
            return track(new ProxyCallableStatement(this,
                    delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability)));
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    // ---- session state the pool restores on return ----------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        try {
            delegate.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw checkException(e);
        }
        if (autoCommit) {
            transactionDirty = false; // switching autocommit on commits the open transaction
        }
        this.autoCommit = autoCommit;
        dirtyBits |= DIRTY_AUTOCOMMIT;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        try {
            return delegate.getAutoCommit();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        try {
            delegate.commit();
        } catch (SQLException e) {
            throw checkException(e);
        }
        transactionDirty = false;
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        try {
            delegate.rollback();
        } catch (SQLException e) {
            throw checkException(e);
        }
        transactionDirty = false;
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        try {
            delegate.rollback(savepoint);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        try {
            delegate.setReadOnly(readOnly);
        } catch (SQLException e) {
            throw checkException(e);
        }
        dirtyBits |= DIRTY_READ_ONLY;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        try {
            return delegate.isReadOnly();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        try {
            delegate.setTransactionIsolation(level);
        } catch (SQLException e) {
            throw checkException(e);
        }
        dirtyBits |= DIRTY_ISOLATION;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        try {
            return delegate.getTransactionIsolation();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        try {
            delegate.setCatalog(catalog);
        } catch (SQLException e) {
            throw checkException(e);
        }
        dirtyBits |= DIRTY_CATALOG;
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        try {
            return delegate.getCatalog();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        try {
            delegate.setSchema(schema);
        } catch (SQLException e) {
            throw checkException(e);
        }
        dirtyBits |= DIRTY_SCHEMA;
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        try {
            return delegate.getSchema();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        try {
            delegate.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException e) {
            throw checkException(e);
        }
        dirtyBits |= DIRTY_NETWORK_TIMEOUT;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        try {
            return delegate.getNetworkTimeout();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    // ---- plain delegation -----------------------------------------------------------------------------

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        try {
            return new ProxyDatabaseMetaData(this, delegate.getMetaData());
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        try {
            return delegate.nativeSQL(sql);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        try {
            return delegate.getWarnings();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        try {
            delegate.clearWarnings();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        try {
            return delegate.getTypeMap();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        try {
            delegate.setTypeMap(map);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        try {
            delegate.setHoldability(holdability);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        try {
            return delegate.getHoldability();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkOpen();
        try {
            return delegate.setSavepoint();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkOpen();
        try {
            return delegate.setSavepoint(name);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        try {
            delegate.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public Clob createClob() throws SQLException {
        checkOpen();
        try {
            return delegate.createClob();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public Blob createBlob() throws SQLException {
        checkOpen();
        try {
            return delegate.createBlob();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public NClob createNClob() throws SQLException {
        checkOpen();
        try {
            return delegate.createNClob();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        checkOpen();
        try {
            return delegate.createSQLXML();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (closed) {
            return false;
        }
        try {
            return delegate.isValid(timeout);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException(closedReason, null);
        }
        delegate.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException(closedReason, null);
        }
        delegate.setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        try {
            return delegate.getClientInfo(name);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        try {
            return delegate.getClientInfo();
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        checkOpen();
        try {
            return delegate.createArrayOf(typeName, elements);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        checkOpen();
        try {
            return delegate.createStruct(typeName, attributes);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    @Override
    public void beginRequest() throws SQLException {
        checkOpen();
        delegate.beginRequest();
    }

    @Override
    public void endRequest() throws SQLException {
        checkOpen();
        delegate.endRequest();
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout)
            throws SQLException {
        checkOpen();
        return delegate.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        checkOpen();
        return delegate.setShardingKeyIfValid(shardingKey, timeout);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        checkOpen();
        delegate.setShardingKey(shardingKey, superShardingKey);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        checkOpen();
        delegate.setShardingKey(shardingKey);
    }

    /**
     * Unwraps to the physical connection (or one of its vendor interfaces), as users of driver-specific
     * APIs need. Whatever is done to it directly is the caller's responsibility; the pool still notices a
     * physical connection closed that way and discards it on return.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        checkOpen();
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate); // unwrap(Connection.class) means "the driver's connection"
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        checkOpen();
        return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "ProxyConnection[" + (closed ? "closed" : "open") + "]";
    }
}
