package dev.cistern.testkit.stub;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A stub connection with real session semantics (autocommit, transactions, read-only, isolation, catalog,
 * schema, network timeout, warnings) and counters of what was done to it, so tests can check exactly what
 * a pool did on return. It does no I/O.
 *
 * <p>Thread-safety: JDBC connections are used by one thread at a time, but tests read state and break
 * connections from other threads, so the flags tests read are volatile and the counters atomic.
 */
@GenerateUnsupported(Connection.class)
public final class StubConnection extends UnsupportedConnection {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final StubDatabase database;
    private final String user;
    /**
     * Statements created and not yet closed. Only the thread using the connection changes it (JDBC objects
     * are used by one thread at a time), so it is a plain count published with release stores: a set of
     * statements here cost more than the wrappers of the pools the statement benchmark compares.
     */
    private final AtomicInteger openStatements = new AtomicInteger();

    private volatile boolean closed;
    private volatile boolean broken;
    private volatile boolean autoCommit = true;
    private volatile boolean inTransaction;
    private volatile boolean readOnly;
    private volatile int isolation = TRANSACTION_READ_COMMITTED;
    private volatile String catalog = "stub";
    private volatile String schema = "public";
    private volatile int networkTimeout;
    private volatile int holdability = java.sql.ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private volatile SQLWarning warnings;
    private final Properties clientInfo = new Properties();

    private final AtomicInteger rollbackCount = new AtomicInteger();
    private final AtomicInteger commitCount = new AtomicInteger();
    private final AtomicInteger setAutoCommitCalls = new AtomicInteger();
    private final AtomicInteger clearWarningsCalls = new AtomicInteger();
    /** The thread inside a call that does work on this connection now, or null: see {@link #enter()}. */
    private final AtomicReference<Thread> inside = new AtomicReference<>();

    StubConnection(StubDatabase database, String user) {
        this.database = database;
        this.user = user;
    }

    public long id() {
        return id;
    }

    public StubDatabase database() {
        return database;
    }

    public boolean inTransaction() {
        return inTransaction;
    }

    public int rollbackCount() {
        return rollbackCount.get();
    }

    public int commitCount() {
        return commitCount.get();
    }

    public int setAutoCommitCalls() {
        return setAutoCommitCalls.get();
    }

    public int clearWarningsCalls() {
        return clearWarningsCalls.get();
    }

    /** Statements created and not closed; 0 once the connection is closed, which closes them all. */
    public int openStatementCount() {
        return closed ? 0 : openStatements.getAcquire();
    }

    public boolean isBroken() {
        return broken;
    }

    /** Adds a warning, as a server notice would. */
    public void addWarning(String message) {
        SQLWarning warning = new SQLWarning(message);
        SQLWarning current = warnings;
        if (current == null) {
            warnings = warning;
        } else {
            current.setNextWarning(warning);
        }
    }

    void markBroken() {
        broken = true;
    }

    /** Throws unless the connection is open and healthy; every working method starts here. */
    void check() throws SQLException {
        if (closed) {
            throw new SQLException("stub: connection is closed", "08003");
        }
        if (broken) {
            throw new SQLException("stub: connection broken", "08006");
        }
    }

    /**
     * Marks the start of a call that does work on the connection (a statement, a check, a commit or a
     * rollback). A real connection carries one conversation at a time, so two threads inside at once
     * means the pool lent it twice; the database records that as a violation, which any test can read.
     * Returns false for a nested call by the same thread (or while the check is off), which must not call {@link #exit()}.
     */
    boolean enter() {
        if (!database.checksExclusiveUse()) {
            return false;
        }
        Thread me = Thread.currentThread();
        Thread other = inside.compareAndExchange(null, me);
        if (other == null) {
            return true;
        }
        if (other != me) {
            database.concurrentUse("connection " + id + " used by " + me + " while " + other + " was inside it");
        }
        return false;
    }

    void exit() {
        inside.compareAndSet(Thread.currentThread(), null);
    }

    /** Called by a statement when it ran work. */
    void executed() {
        if (!autoCommit && !inTransaction) {
            inTransaction = true;
        }
    }

    void statementClosed() {
        openStatements.setRelease(openStatements.getPlain() - 1);
    }

    private StubStatement register(StubStatement statement) {
        openStatements.setRelease(openStatements.getPlain() + 1);
        return statement;
    }

    // ---- lifecycle ------------------------------------------------------------------------------------

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true; // its statements and result sets see it and refuse use, as a driver's do
        database.closed(this);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) {
        close();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        database.countValidation();
        boolean entered = enter();
        try {
            return checkAlive(timeout);
        } finally {
            if (entered) {
                exit();
            }
        }
    }

    private boolean checkAlive(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("stub: timeout must be >= 0", "22023");
        }
        if (database.validationHangs()) {
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(timeout);
            int socketTimeout = networkTimeout;
            while (database.validationHangs()) {
                if (timeout > 0 && !database.validationIgnoresTimeout() && System.nanoTime() - deadline >= 0) {
                    return false;
                }
                if (socketTimeout > 0 && System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(socketTimeout)) {
                    broken = true; // as a real driver does when its socket read times out
                    throw new SQLException("stub: read timed out after " + socketTimeout + " ms", "08006");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
        }
        return !closed && !broken && !database.validationFails();
    }

    // ---- statements -----------------------------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        check();
        return register(new StubStatement(this));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        check();
        return register(new StubStatement(this));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        check();
        return register(new StubStatement(this));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        check();
        return sql;
    }

    // ---- transactions and session state ---------------------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        check();
        setAutoCommitCalls.incrementAndGet();
        if (autoCommit && !this.autoCommit && inTransaction) {
            commitNow(); // JDBC: switching autocommit on commits the open transaction
        }
        this.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        check();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        check();
        if (autoCommit) {
            throw new SQLException("stub: commit with autocommit on", "25000");
        }
        boolean entered = enter();
        try {
            commitNow();
        } finally {
            if (entered) {
                exit();
            }
        }
    }

    private void commitNow() {
        inTransaction = false;
        commitCount.incrementAndGet();
        database.countCommit();
    }

    @Override
    public void rollback() throws SQLException {
        check();
        if (autoCommit) {
            throw new SQLException("stub: rollback with autocommit on", "25000");
        }
        boolean entered = enter();
        try {
            inTransaction = false;
            rollbackCount.incrementAndGet();
            database.countRollback();
        } finally {
            if (entered) {
                exit();
            }
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        check();
        rollbackCount.incrementAndGet();
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        check();
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        check();
        return readOnly;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        check();
        this.isolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        check();
        return isolation;
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        check();
        this.catalog = catalog;
    }

    @Override
    public String getCatalog() throws SQLException {
        check();
        return catalog;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        check();
        this.schema = schema;
    }

    @Override
    public String getSchema() throws SQLException {
        check();
        return schema;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        check();
        this.networkTimeout = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        check();
        return networkTimeout;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        check();
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        check();
        return holdability;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        check();
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        check();
        clearWarningsCalls.incrementAndGet();
        warnings = null;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("stub: connection is closed", null);
        }
        clientInfo.setProperty(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("stub: connection is closed", null);
        }
        clientInfo.putAll(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        check();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        check();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        check();
        return Map.of();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        check();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        check();
        return new StubDatabaseMetaData(this, user);
    }

    @Override
    public String toString() {
        return "StubConnection[" + id + (closed ? ", closed" : "") + (broken ? ", broken" : "") + "]";
    }
}
