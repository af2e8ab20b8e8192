package dev.cistern.routing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A fixed-mode view of a {@link RoutingDataSource}: its {@code forReads()}, {@code forWrites()} and {@code readAfter(token)}. */
final class RoutingView implements DataSource {
    private final RoutingDataSource routing;
    private final Router router;
    private final RoutedConnection.Mode mode;
    private final ConsistencyToken token;

    RoutingView(RoutingDataSource routing, Router router, RoutedConnection.Mode mode, ConsistencyToken token) {
        this.routing = routing;
        this.router = router;
        this.mode = mode;
        this.token = token;
    }

    @Override
    public Connection getConnection() throws SQLException {
        router.checkOpen();
        return RoutedConnection.create(router, mode, token);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return routing.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return routing.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        routing.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        routing.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return routing.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return routing.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : routing.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || routing.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return routing + "." + (mode == RoutedConnection.Mode.WRITE ? "forWrites()" : token != null
                ? "readAfter(" + token + ")" : "forReads()");
    }
}
