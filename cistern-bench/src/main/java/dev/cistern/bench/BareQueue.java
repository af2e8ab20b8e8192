package dev.cistern.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Not a pool: the floor under all of them, for the {@code virtualThreads} benchmark. A fixed set of raw
 * stub connections in a blocking queue, lent with no validation, no reset, no bookkeeping; closing the
 * handle puts the raw connection back. No pool can lend faster than this, so its throughput is the
 * ceiling the pools are compared with on this machine (the borrowers' start-up, the stub's 1 ms park and
 * the carriers' scheduling are all in it).
 */
final class BareQueue implements DataSource, AutoCloseable {
    private final BlockingQueue<Connection> idle;

    BareQueue(String jdbcUrl, int size) throws SQLException {
        idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Connection raw = DriverManager.getConnection(jdbcUrl, Pools.USER, Pools.PASSWORD);
            raw.setAutoCommit(false);
            idle.add(raw);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection raw;
        try {
            raw = idle.poll(Pools.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        }
        if (raw == null) {
            throw new SQLTransientConnectionException("no connection within " + Pools.WAIT);
        }
        return handle(raw);
    }

    /** A handle whose close() returns the raw connection (once) and whose other calls go straight to it. */
    private Connection handle(Connection raw) {
        AtomicBoolean returned = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        if (returned.compareAndSet(false, true)) {
                            idle.add(raw);
                        }
                        return null;
                    }
                    try {
                        return method.invoke(raw, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public void close() throws SQLException {
        Connection raw;
        while ((raw = idle.poll()) != null) {
            raw.close();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("BareQueue lends only its own connections");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
