package dev.cistern.routing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * The connection a {@link RoutingDataSource} hands out: bound to a real (pooled) connection only at its
 * first statement, so that {@code setReadOnly(true)} before it sends the work to a replica, as Spring's
 * {@code @Transactional(readOnly = true)} does with no extra proxy. Until then the session settings
 * (read-only, autocommit, isolation, catalog, schema) are only recorded, and given to the connection it
 * binds to.
 *
 * <p>Rules: a read-only connection goes to a replica, any other to the primary; a connection is never
 * moved inside a transaction (once a statement ran with autocommit off, it stays where it is until commit
 * or rollback); between transactions a change of read-only moves it at its next statement. A read whose
 * replica fails under its first statement (the server went away) is retried once elsewhere (see
 * {@link RetryingStatement}).
 *
 * <p>Like any JDBC connection, one thread uses it at a time; it holds no lock.
 */
final class RoutedConnection implements InvocationHandler {
    /** Methods that run work on the server: they bind the connection first. */
    private static final Set<String> STATEMENT_FACTORIES = Set.of("createStatement", "prepareStatement", "prepareCall");

    enum Mode { AUTO, READ, WRITE }

    private final Router router;
    private final Mode mode;
    /** Read-your-writes: what a read must see, for an explicit token; null to use the thread's. */
    private final ConsistencyToken readAfter;
    private Connection proxy;

    private boolean readOnly;
    private boolean autoCommit = true;
    private Integer isolation;
    private String catalog;
    private String schema;

    private Lease lease;
    /** A statement ran since the last commit or rollback. */
    private boolean workSinceBoundary;
    private boolean closed;

    private RoutedConnection(Router router, Mode mode, ConsistencyToken readAfter) {
        this.router = router;
        this.mode = mode;
        this.readAfter = readAfter;
        this.readOnly = mode == Mode.READ;
    }

    static Connection create(Router router, Mode mode, ConsistencyToken readAfter) {
        RoutedConnection handler = new RoutedConnection(router, mode, readAfter);
        handler.proxy = (Connection) Proxy.newProxyInstance(RoutedConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
        return handler.proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "close": close(); return null;
            case "isClosed": return closed;
            case "setReadOnly": setReadOnly((Boolean) args[0]); return null;
            case "isReadOnly": checkOpen(); return readOnly;
            case "setAutoCommit": setAutoCommit((Boolean) args[0]); return null;
            case "getAutoCommit": checkOpen(); return autoCommit;
            case "commit": endTransaction(true); return null;
            case "rollback":
                if (args == null) {
                    endTransaction(false);
                    return null;
                }
                break;
            case "setTransactionIsolation": isolation = (Integer) args[0]; return passIfBound(method, args);
            case "setCatalog": catalog = (String) args[0]; return passIfBound(method, args);
            case "setSchema": schema = (String) args[0]; return passIfBound(method, args);
            case "getWarnings": return lease == null ? null : call(method, args);
            case "clearWarnings": return lease == null ? null : call(method, args);
            case "abort": return abort(method, args);
            case "unwrap":
                return ((Class<?>) args[0]).isInstance(self) ? self : call(bind(false), method, args);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(self) || (Boolean) call(bind(false), method, args);
            case "equals": return self == args[0];
            case "hashCode": return System.identityHashCode(self);
            case "toString": return "RoutedConnection[" + (closed ? "closed" : lease == null ? "not bound yet"
                    : lease.serverName()) + "]";
            default:
                break;
        }
        boolean work = STATEMENT_FACTORIES.contains(method.getName());
        Connection target = bind(work);
        Object result = call(target, method, args);
        if (work) {
            workSinceBoundary = true;
            if (lease.replica() != null && retryable()) {
                return RetryingStatement.wrap((Statement) result, method, args, this);
            }
        }
        return result;
    }

    private Object call(Method method, Object[] args) throws Throwable {
        return call(lease.connection(), method, args);
    }

    private static Object call(Connection target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object passIfBound(Method method, Object[] args) throws Throwable {
        checkOpen();
        return lease == null ? null : call(method, args);
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("connection is closed", "08003");
        }
    }

    private boolean inTransaction() {
        return lease != null && !autoCommit && workSinceBoundary;
    }

    /** A read that can be re-run elsewhere if its server goes away: nothing before it in its transaction. */
    boolean retryable() {
        return autoCommit || !workSinceBoundary;
    }

    private boolean wantsReplica() {
        return mode == Mode.READ || (mode == Mode.AUTO && readOnly);
    }

    /**
     * The connection to run on: the bound one, unless this is new work between transactions that belongs
     * on the other side, which releases it and binds anew.
     */
    private Connection bind(boolean work) throws SQLException {
        checkOpen();
        if (lease != null) {
            boolean onReplicaSide = !lease.onPrimary() || lease.fallbackRead();
            if (!work || onReplicaSide == wantsReplica() || inTransaction()) {
                return lease.connection();
            }
            release();
        }
        Lease next = wantsReplica() ? router.leaseRead(readAfter) : router.leaseWrite();
        try {
            applySettings(next.connection(), next.replica() != null || next.fallbackRead());
        } catch (SQLException | RuntimeException e) {
            router.giveBack(next, false);
            throw e;
        }
        lease = next;
        workSinceBoundary = false;
        return next.connection();
    }

    /** Moves a read whose server failed under it to another server, for {@link RetryingStatement}. */
    Connection rebindAfterFailure() throws SQLException {
        Lease failed = lease;
        lease = null;
        router.serverFailed(failed);
        router.giveBack(failed, false);
        return bind(true);
    }

    private void applySettings(Connection target, boolean forReading) throws SQLException {
        if (target.getAutoCommit() != autoCommit) {
            target.setAutoCommit(autoCommit);
        }
        if (forReading || readOnly) {
            target.setReadOnly(true); // a fallback read on the primary cannot write either
        }
        if (isolation != null) {
            target.setTransactionIsolation(isolation);
        }
        if (catalog != null) {
            target.setCatalog(catalog);
        }
        if (schema != null) {
            target.setSchema(schema);
        }
    }

    private void setReadOnly(boolean value) throws SQLException {
        checkOpen();
        if (value == readOnly) {
            return;
        }
        if (lease != null && inTransaction()) {
            if (!lease.onPrimary() && !value) {
                throw new SQLException("cannot make a connection writable inside a read-only transaction on replica "
                        + lease.serverName() + ": commit or roll back first", "25006");
            }
            readOnly = value; // stays on the primary until the transaction ends, as the rules say
            return;
        }
        readOnly = value;
        if (lease != null && lease.onPrimary() && !lease.fallbackRead() && !value) {
            lease.connection().setReadOnly(false);
        }
    }

    private void setAutoCommit(boolean value) throws SQLException {
        checkOpen();
        if (lease != null) {
            lease.connection().setAutoCommit(value);
            if (value) {
                boundaryAfterWork();
            }
        }
        autoCommit = value;
    }

    private void endTransaction(boolean commit) throws SQLException {
        checkOpen();
        if (lease == null) {
            return;
        }
        if (commit) {
            lease.connection().commit();
        } else {
            lease.connection().rollback();
        }
        if (commit) {
            boundaryAfterWork();
        } else {
            workSinceBoundary = false;
        }
    }

    /** A transaction ended with its work kept: read-your-writes notes where the primary stands. */
    private void boundaryAfterWork() {
        if (workSinceBoundary && lease.onPrimary() && !lease.fallbackRead()) {
            router.wrote(lease.connection());
        }
        workSinceBoundary = false;
    }

    private void release() {
        Lease done = lease;
        lease = null;
        if (done != null) {
            boolean wrote = workSinceBoundary && done.onPrimary() && !done.fallbackRead();
            if (wrote && autoCommit) {
                router.wrote(done.connection());
            }
            router.giveBack(done, false);
        }
        workSinceBoundary = false;
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }

    private Object abort(Method method, Object[] args) throws Throwable {
        if (closed) {
            return null;
        }
        closed = true;
        Lease done = lease;
        lease = null;
        if (done != null) {
            try {
                call(done.connection(), method, args);
            } finally {
                router.giveBack(done, true);
            }
        }
        return null;
    }
}
