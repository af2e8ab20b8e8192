package dev.cistern.pool;

import dev.cistern.Credentials;
import dev.cistern.CredentialsProvider;
import dev.cistern.PoolConfig;
import dev.cistern.internal.Secrets;
import dev.cistern.dialect.Dialect;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Opens one physical connection and sets it up the way the pool lends it: the configured autocommit,
 * read-only, isolation, catalog and schema, then {@code connectionInitSql}. It also records the session
 * defaults that returns are reset to. Retrying is the caller's business; this makes one attempt.
 */
final class ConnectionFactory {
    private final PoolConfig config;
    private final String url;
    private final Properties connectProperties;
    private final Driver driver;
    /** The newest password a CredentialsProvider gave (or that replaced the configured one), for scrubbing. */
    private volatile String lastProvidedPassword;
    /** Credentials set at runtime in place of the configured username and password; null until then. */
    private volatile Credentials replaced;

    ConnectionFactory(PoolConfig config, Dialect dialect) {
        this.config = config;
        this.url = config.jdbcUrl() == null ? null : dialect.connectionUrl(config.jdbcUrl(), config.poolName());
        this.connectProperties = config.dataSourceProperties();
        if (config.username() != null) {
            connectProperties.setProperty("user", config.username());
        }
        if (config.password() != null) {
            connectProperties.setProperty("password", config.password());
        }
        this.driver = config.driverClassName() == null ? null : instantiateDriver(config.driverClassName());
    }

    /**
     * Uses these credentials for connections opened from now on, in place of the configured username and
     * password (not with a {@link CredentialsProvider}, which is asked at every connect anyway).
     */
    void replaceCredentials(String username, String password) {
        if (config.credentialsProvider() != null) {
            throw new IllegalStateException("the credentialsProvider gives this pool's credentials; change them there");
        }
        lastProvidedPassword = password;
        replaced = new Credentials(username, password);
    }

    /** Removes every password this factory has used from a message meant for logs or exceptions. */
    String scrub(String message) {
        return Secrets.scrub(Secrets.scrub(message, config.password()), lastProvidedPassword);
    }

    /** The driver properties with these credentials in place of the configured ones. */
    private Properties withCredentials(String username, String password) {
        Properties properties = new Properties();
        properties.putAll(connectProperties);
        properties.remove("user");
        properties.remove("password");
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    /** The URL physical connections are opened with (already adjusted by the dialect). */
    String url() {
        return url;
    }

    /**
     * Opens a connection with the configured credentials (asking the {@link CredentialsProvider} afresh, if
     * there is one) and no set-up; used for the pool's own needs.
     */
    Connection openRaw() throws SQLException {
        String username = config.username();
        String password = config.password();
        Properties properties = connectProperties;
        CredentialsProvider provider = config.credentialsProvider();
        Credentials runtime = replaced;
        if (runtime != null) {
            username = runtime.username();
            password = runtime.password();
            properties = withCredentials(username, password);
        } else if (provider != null) {
            Credentials credentials;
            try {
                credentials = provider.credentials();
            } catch (SQLException | RuntimeException e) {
                // Its message may hold a token or a vault path: keep it as the cause, out of our text.
                throw new SQLException("credentialsProvider failed with " + e.getClass().getName()
                        + " (see the cause)", "08001", e);
            }
            if (credentials == null) {
                throw new SQLException("credentialsProvider returned no credentials", "08001");
            }
            username = credentials.username();
            password = credentials.password();
            lastProvidedPassword = password;
            properties = withCredentials(username, password);
        }
        DataSource dataSource = config.dataSource();
        if (dataSource != null) {
            return username == null ? dataSource.getConnection() : dataSource.getConnection(username, password);
        }
        Connection connection;
        if (driver != null) {
            connection = driver.connect(url, properties);
            if (connection == null) {
                throw new ConnectFailures.NotRetryable("driver " + config.driverClassName()
                        + " does not accept the URL " + Secrets.maskUrl(url));
            }
        } else {
            Driver found;
            try {
                found = DriverManager.getDriver(url);
            } catch (SQLException e) {
                throw new ConnectFailures.NotRetryable("no JDBC driver found for " + Secrets.maskUrl(url)
                        + ": is the driver on the classpath?");
            }
            connection = found.connect(url, properties);
            if (connection == null) {
                throw new ConnectFailures.NotRetryable("no JDBC driver accepted " + Secrets.maskUrl(url));
            }
        }
        return connection;
    }

    /** Opens and sets up a connection; on any failure the half-made connection is closed. */
    Connection open() throws SQLException {
        Connection connection = openRaw();
        try {
            setUp(connection);
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private void setUp(Connection connection) throws SQLException {
        if (connection.getAutoCommit() != config.autoCommit()) {
            connection.setAutoCommit(config.autoCommit());
        }
        if (config.readOnly()) {
            connection.setReadOnly(true);
        }
        if (config.transactionIsolation() != PoolConfig.DRIVER_DEFAULT_ISOLATION) {
            connection.setTransactionIsolation(config.transactionIsolation());
        }
        if (config.catalog() != null) {
            connection.setCatalog(config.catalog());
        }
        if (config.schema() != null) {
            connection.setSchema(config.schema());
        }
        if (config.connectionInitSql() != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(config.connectionInitSql());
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    /** Reads the settings a fresh, set-up connection has, so returns can be reset to them. */
    ConnectionDefaults captureDefaults(Connection connection) throws SQLException {
        int isolation = config.transactionIsolation() != PoolConfig.DRIVER_DEFAULT_ISOLATION
                ? config.transactionIsolation() : connection.getTransactionIsolation();
        String catalog = config.catalog() != null ? config.catalog() : optionalCatalog(connection);
        String schema = config.schema() != null ? config.schema() : optionalSchema(connection);
        int networkTimeout;
        try {
            networkTimeout = connection.getNetworkTimeout();
        } catch (SQLFeatureNotSupportedException | AbstractMethodError e) {
            networkTimeout = -1;
        }
        return new ConnectionDefaults(config.autoCommit(), config.readOnly(), isolation, catalog, schema,
                networkTimeout);
    }

    private static String optionalCatalog(Connection connection) {
        try {
            return connection.getCatalog();
        } catch (SQLException | AbstractMethodError e) {
            return null;
        }
    }

    private static String optionalSchema(Connection connection) {
        try {
            return connection.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null;
        }
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // the connection is being thrown away; nothing useful can be done with a failure to close it
        }
    }

    private static Driver instantiateDriver(String className) {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(className, true, loader != null ? loader : ConnectionFactory.class.getClassLoader());
            return (Driver) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("driverClassName '" + className + "' could not be instantiated: " + e, e);
        }
    }
}
