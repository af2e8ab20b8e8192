package dev.cistern.proxy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The connection a borrower holds: a thin wrapper over the physical connection that (1) refuses every call
 * once closed, and makes every object it handed out refuse too, so a stale reference never reaches the
 * physical connection again, (2) records which session settings the user changed and whether a
 * transaction may be open, so that only those are reset on return, (3) keeps the statements it opened so
 * that it can close the ones the user forgot, and (4) notices fatal errors so the pool discards the
 * physical connection instead of lending it again. Plain delegation is generated
 * ({@link GenerateDelegation}); this class holds only what adds behaviour.
 *
 * <p>Thread-safety: a borrowed connection is used by one thread at a time, as JDBC expects; only
 * {@code closedReason} is read across threads (the pool may take a proxy back), so only it is volatile.
 * Invariant: {@code closedReason} is null while open and is set exactly once, by CAS, by whoever closes
 * first (the user's close, a leak reclaim, a retirement or the pool's shutdown); the winner's reason is the
 * one every later call reports, and only the user's close gives the connection back
 * (StaleObjectTest, LeakTest.reclaimRacingTheHoldersCloseNeverLendsAConnectionTwice).
 */
@GenerateDelegation(value = Connection.class, owner = ProxyConnection.class,
        wrap = {Statement.class, PreparedStatement.class, CallableStatement.class, DatabaseMetaData.class},
        extended = {"setAutoCommit", "commit", "rollback", "setReadOnly", "setTransactionIsolation", "setCatalog",
                "setSchema", "setNetworkTimeout", "getTransactionIsolation", "getSchema"})
public final class ProxyConnection extends ConnectionDelegation {
    public static final int DIRTY_AUTOCOMMIT = 1;
    public static final int DIRTY_READ_ONLY = 1 << 1;
    public static final int DIRTY_ISOLATION = 1 << 2;
    public static final int DIRTY_CATALOG = 1 << 3;
    public static final int DIRTY_SCHEMA = 1 << 4;
    public static final int DIRTY_NETWORK_TIMEOUT = 1 << 5;

    private static final String CLOSED_BY_USER = "connection is closed";
    private static final Statement[] NO_STATEMENTS = new Statement[0];

    private static final VarHandle CLOSED_REASON;

    static {
        try {
            CLOSED_REASON = MethodHandles.lookup().findVarHandle(ProxyConnection.class, "closedReason", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConnectionLease lease;
    private final int defaultQueryTimeoutSeconds;
    /** Non-null behind a transaction-mode pooler: isolation and schema then wait here for each transaction. */
    private final PerTransactionSettings perTransaction;
    private int pendingIsolation = -1;
    private String pendingSchema;
    /** Null while open; set once, by CAS: whoever sets it owns the return, and its reason is reported to every later call. */
    private volatile String closedReason;
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
        this(lease, delegate, autoCommit, defaultQueryTimeoutSeconds, null);
    }

    /**
     * @param perTransaction how isolation and schema are applied behind a transaction-mode pooler; null when
     *                       there is none (they then go to the driver as usual)
     */
    public ProxyConnection(ConnectionLease lease, Connection delegate, boolean autoCommit, int defaultQueryTimeoutSeconds,
            PerTransactionSettings perTransaction) {
        super(delegate);
        this.lease = lease;
        this.autoCommit = autoCommit;
        this.defaultQueryTimeoutSeconds = defaultQueryTimeoutSeconds;
        this.perTransaction = perTransaction;
    }

    // ---- the pool's side ------------------------------------------------------------------------------

    /**
     * Inspects an exception thrown by the physical connection or one of its objects: a fatal one marks this
     * connection broken so that it is discarded on close. Returns the exception for the caller to throw.
     */
    @Override
    public SQLException checkException(SQLException e) {
        if (!broken && lease.isFatal(e)) {
            broken = true;
        }
        return e;
    }

    /** The guard of every call on this connection and the objects it handed out: one volatile read. */
    @Override
    void checkOpen() throws SQLException {
        String reason = closedReason;
        if (reason != null) {
            throw new SQLException(reason, "08003");
        }
    }

    /** The guard of calls that run SQL: as {@link #checkOpen()}, and a transaction may now be open. */
    void beginWork() throws SQLException {
        checkOpen();
        if (perTransaction != null && (autoCommit || !transactionDirty)) {
            applyPerTransaction();
        }
        transactionDirty = true;
    }

    /** Behind a transaction-mode pooler, at a transaction's first statement: what the borrower set for it. */
    private void applyPerTransaction() throws SQLException {
        if (pendingSchema == null && pendingIsolation < 0) {
            return;
        }
        if (autoCommit) {
            if (pendingSchema != null) {
                throw PerTransactionSettings.schemaNeedsATransaction();
            }
            return; // isolation: each autocommit statement runs at the server's default (docs/poolers.md)
        }
        try {
            perTransaction.apply(delegate, pendingIsolation, pendingSchema);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    /** Called by a statement the user closed, so it is not closed again on return. */
    void untrackStatement(Statement statement) {
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
     * away from its holder (shutdown, retirement). Every later call throws with the given reason, unless the
     * proxy was closed before: then the first reason stays.
     */
    public void invalidate(String reason) {
        CLOSED_REASON.compareAndSet(this, null, reason);
    }

    /**
     * Takes the connection away from its holder (leak reclaim): succeeds only if the holder has not closed
     * it first, in which case the holder's later {@code close()} does nothing and every other call throws
     * with {@code reason}. True means the caller, not the holder, now owns the physical connection.
     */
    public boolean takeAway(String reason) {
        return CLOSED_REASON.compareAndSet(this, null, reason);
    }

    /** The pool's side of this borrow. */
    public ConnectionLease lease() {
        return lease;
    }

    public boolean isBroken() {
        return broken;
    }

    // ---- wrapping what the driver hands out (hooks of the generated delegation) -------------------------

    @Override
    Statement wrap(Statement statement) throws SQLException {
        return track(new ProxyStatement(this, statement));
    }

    @Override
    PreparedStatement wrap(PreparedStatement statement) throws SQLException {
        return track(new ProxyPreparedStatement(this, statement));
    }

    @Override
    CallableStatement wrap(CallableStatement statement) throws SQLException {
        return track(new ProxyCallableStatement(this, statement));
    }

    @Override
    DatabaseMetaData wrap(DatabaseMetaData metaData) {
        return new ProxyDatabaseMetaData(this, metaData);
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
            // A plain new array: Arrays.copyOf of a Statement[] goes through Array.newInstance, which showed
            // up in real-server profiles of the borrow-statement-return cycle.
            Statement[] larger = new Statement[Math.max(8, openStatementCount * 2)];
            System.arraycopy(openStatements, 0, larger, 0, openStatementCount);
            openStatements = larger;
        }
        openStatements[openStatementCount++] = statement;
        return statement;
    }

    // ---- close: the return path ----------------------------------------------------------------------

    /** Gives the connection back; a no-op once closed, or once the pool took it back (leak reclaim, shutdown). */
    @Override
    public void close() throws SQLException {
        if (closedReason != null || !CLOSED_REASON.compareAndSet(this, null, CLOSED_BY_USER)) {
            return;
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

    /** Answers without throwing, as JDBC wants, also once closed or taken back. */
    @Override
    public boolean isClosed() {
        return closedReason != null;
    }

    /** A no-op once closed, as JDBC specifies for {@code abort}. */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (closedReason != null) {
            return;
        }
        broken = true;
        try {
            delegate.abort(executor);
        } catch (SQLException e) {
            throw checkException(e);
        } finally {
            close();
        }
    }

    /** False once closed, as JDBC specifies, without asking the driver. */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (closedReason != null) {
            return false;
        }
        try {
            return delegate.isValid(timeout);
        } catch (SQLException e) {
            throw checkException(e);
        }
    }

    // ---- session state the pool restores on return ----------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        super.setAutoCommit(autoCommit);
        if (autoCommit) {
            transactionDirty = false; // switching autocommit on commits the open transaction
        }
        this.autoCommit = autoCommit;
        dirtyBits |= DIRTY_AUTOCOMMIT;
    }

    @Override
    public void commit() throws SQLException {
        super.commit();
        transactionDirty = false;
    }

    @Override
    public void rollback() throws SQLException {
        super.rollback();
        transactionDirty = false;
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        super.setReadOnly(readOnly);
        dirtyBits |= DIRTY_READ_ONLY;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        if (perTransaction != null) {
            checkOpen();
            pendingIsolation = level; // never the session's: applied at each transaction's start
            return;
        }
        super.setTransactionIsolation(level);
        dirtyBits |= DIRTY_ISOLATION;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        if (perTransaction != null && pendingIsolation >= 0) {
            checkOpen();
            return pendingIsolation;
        }
        return super.getTransactionIsolation();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        super.setCatalog(catalog);
        dirtyBits |= DIRTY_CATALOG;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        if (perTransaction != null) {
            checkOpen();
            perTransaction.checkSchema();
            pendingSchema = schema;
            return;
        }
        super.setSchema(schema);
        dirtyBits |= DIRTY_SCHEMA;
    }

    @Override
    public String getSchema() throws SQLException {
        if (perTransaction != null && pendingSchema != null) {
            checkOpen();
            return pendingSchema;
        }
        return super.getSchema();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        super.setNetworkTimeout(executor, milliseconds);
        dirtyBits |= DIRTY_NETWORK_TIMEOUT;
    }

    // ---- client info: JDBC declares SQLClientInfoException only, so the generated rule cannot apply -----

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        checkOpenForClientInfo();
        try {
            delegate.setClientInfo(name, value);
        } catch (SQLClientInfoException e) {
            checkException(e);
            throw e;
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        checkOpenForClientInfo();
        try {
            delegate.setClientInfo(properties);
        } catch (SQLClientInfoException e) {
            checkException(e);
            throw e;
        }
    }

    private void checkOpenForClientInfo() throws SQLClientInfoException {
        String reason = closedReason;
        if (reason != null) {
            throw new SQLClientInfoException(reason, "08003", 0, null);
        }
    }

    @Override
    public String toString() {
        return "ProxyConnection[" + (closedReason == null ? "open" : "closed") + "]";
    }
}
