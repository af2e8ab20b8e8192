package dev.cistern.testkit.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:stub:<database>} URLs: in-memory connections whose faults tests control
 * through {@link StubDatabase}. Registered with {@link DriverManager} on class load and through
 * {@code META-INF/services/java.sql.Driver}.
 */
public final class StubDriver implements Driver {
    public static final StubDriver INSTANCE = new StubDriver();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Ensures the driver is registered (loading this class registers it). */
    public static void register() {
        // the static initializer did the work
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        return StubDatabase.forUrl(url).connect(info == null ? new Properties() : info);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(StubDatabase.URL_PREFIX) && url.length() > StubDatabase.URL_PREFIX.length();
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("stub driver does not use java.util.logging");
    }
}
