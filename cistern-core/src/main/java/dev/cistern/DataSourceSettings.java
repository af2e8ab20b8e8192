package dev.cistern;

import dev.cistern.settings.Kind;
import dev.cistern.settings.Setting;
import static dev.cistern.Settings.*;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The JavaBean side of {@link CisternDataSource}: a setter for every setting in the table, with HikariCP's names
 * and types (durations in milliseconds, {@code setUrl}/{@code setUser} as Spring's {@code DataSourceBuilder}
 * calls them) and the getters HikariCP users call, so that a pool can be made with {@code new
 * CisternDataSource()} and setters, by Spring, an XML bean definition or a JNDI bean factory. Such a bean starts
 * from the properties file the system property {@code cistern.configurationFile} (or HikariCP's
 * {@code hikaricp.configurationFile}) names, when one is set, and setters change what it gives. The pool starts at
 * the first call that needs it. After that, each setter does what the table's runtime column says: the sizes
 * resize the running pool, the credentials apply to connections opened from then on, the timeouts from the next
 * wait or check, and any other setter throws {@link IllegalStateException} naming the setting. These runtime
 * changes work on a data source made from a {@link PoolConfig} too, and show in
 * {@link CisternDataSource#config()}. Each setting's meaning is on its {@link PoolConfig} accessor.
 */
@SuppressWarnings("doclint:missing")
public abstract class DataSourceSettings {
    /** Guards {@link #settings} and the start of the pool. */
    final ReentrantLock startLock = new ReentrantLock();
    /** The settings until the pool starts; null when the data source was made from a {@link PoolConfig}. */
    final PoolConfig.Builder settings;

    DataSourceSettings(boolean bean) {
        this.settings = bean ? PoolConfig.builder(SettingsText.beanStart()) : null;
    }

    /** Whether the pool is running (the settings are fixed from then on). */
    abstract boolean started();

    /** The configuration in force once the pool runs; null before. */
    abstract PoolConfig runningConfig();

    /** Applies a changed size to the running pool (-1: keep that bound). */
    abstract void resizeRunning(int minimumIdle, int maximumPoolSize);

    /** Gives the running pool a new username or password (null: keep that one). */
    abstract void changeRunningCredentials(String username, String password);

    /** Changes settings of the running pool that apply from their next use (checked by the start-up rules). */
    abstract void changeRunningTimeouts(Consumer<PoolConfig.Builder> change);

    /** A setting as it stands: in force once the pool runs, as set (or its default) before that. */
    <T> T current(Setting<T> setting) {
        PoolConfig running = runningConfig();
        if (running != null) {
            return running.get(setting);
        }
        startLock.lock();
        try {
            return settings != null ? settings.given(setting) : null;
        } finally {
            startLock.unlock();
        }
    }

    /** A setting before start; afterwards, what the table's runtime column says. */
    <T> void set(Setting<T> setting, T value) {
        startLock.lock();
        try {
            if (settings != null && !started()) {
                settings.set(setting, value);
                return;
            }
        } finally {
            startLock.unlock();
        }
        change(setting, value);
    }

    /** A change to the running pool, as the table's runtime column says; FIXED settings are refused, naming them. */
    <T> void change(Setting<T> setting, T value) {
        switch (setting.runtime()) {
            case RESIZE:
                int size = (Integer) Objects.requireNonNull(value, setting.key);
                resizeRunning(setting == MINIMUM_IDLE ? size : -1, setting == MAXIMUM_POOL_SIZE ? size : -1);
                return;
            case CREDENTIALS:
                try {
                    changeRunningCredentials(setting == USERNAME ? (String) value : null,
                            setting == PASSWORD ? (String) value : null);
                } catch (IllegalStateException e) {
                    throw new IllegalStateException(setting.key + " cannot change: " + e.getMessage(), e);
                }
                return;
            case NEXT_USE:
                changeRunningTimeouts(b -> b.set(setting, value));
                return;
            default:
                throw new IllegalStateException(setting.key + " cannot change once the pool has started"
                        + (settings == null ? " (it was made from a PoolConfig)" : " (at its first use)")
                        + "; only the sizes, timeouts and credentials can");
        }
    }

    // Getters HikariDataSource has, which Spring's DataSourceBuilder.derivedFrom (Flyway and Liquibase connecting
    // as another user), bean tools and HikariCP users' own code read back: each gives the setting in force once
    // the pool runs, as set (or its default) before that; durations in milliseconds.

    public String getPoolName() { return current(POOL_NAME); }
    public int getMaximumPoolSize() { return current(MAXIMUM_POOL_SIZE); }
    public int getMinimumIdle() {
        Integer minimumIdle = current(MINIMUM_IDLE);
        return minimumIdle != null ? minimumIdle : getMaximumPoolSize();
    }
    public String getJdbcUrl() { return current(JDBC_URL); }
    public String getUsername() { return current(USERNAME); }
    public String getPassword() { return current(PASSWORD); }
    public String getDriverClassName() { return current(DRIVER_CLASS_NAME); }
    public long getConnectionTimeout() { return current(CONNECTION_TIMEOUT).toMillis(); }
    public long getInitializationFailTimeout() { return current(INITIALIZATION_FAIL_TIMEOUT).toMillis(); }
    public boolean isRegisterMbeans() { return current(REGISTER_MBEANS); }
    public boolean isAllowPoolSuspension() { return current(ALLOW_POOL_SUSPENSION); }
    public long getIdleTimeout() { return current(IDLE_TIMEOUT).toMillis(); }
    public long getMaxLifetime() { return current(MAX_LIFETIME).toMillis(); }
    public long getKeepaliveTime() { return current(KEEPALIVE_TIME).toMillis(); }
    public long getValidationTimeout() { return current(VALIDATION_TIMEOUT).toMillis(); }
    public String getConnectionTestQuery() { return current(CONNECTION_TEST_QUERY); }
    public long getLeakDetectionThreshold() { return current(LEAK_DETECTION_THRESHOLD).toMillis(); }
    public boolean isAutoCommit() { return current(AUTO_COMMIT); }
    public boolean isReadOnly() { return current(READ_ONLY); }
    public String getCatalog() { return current(CATALOG); }
    public String getSchema() { return current(SCHEMA); }
    public String getConnectionInitSql() { return current(CONNECTION_INIT_SQL); }
    /** {@return the same as {@link #getJdbcUrl()}, under the name Spring's {@code DataSourceBuilder} reads} */
    public String getUrl() { return getJdbcUrl(); }
    /** {@return {@link PoolConfig#transactionIsolation()} in force by name, as HikariCP gives it; null for the driver's} */
    public String getTransactionIsolation() {
        int level = current(TRANSACTION_ISOLATION);
        return level == PoolConfig.DRIVER_DEFAULT_ISOLATION ? null : Kind.isolationName(level);
    }

    // Setters, one per setting, named set + the setting's name with dots dropped; durations in milliseconds, as
    // HikariCP's setters take them. Each setting's meaning is on its PoolConfig accessor.

    public void setPoolName(String value) { set(POOL_NAME, value); }
    public void setMaximumPoolSize(int value) { set(MAXIMUM_POOL_SIZE, value); }
    public void setMinimumIdle(int value) { set(MINIMUM_IDLE, value); }
    public void setJdbcUrl(String value) { set(JDBC_URL, value); }
    public void setUsername(String value) { set(USERNAME, value); }
    public void setPassword(String value) { set(PASSWORD, value); }
    public void setDriverClassName(String value) { set(DRIVER_CLASS_NAME, value); }
    public void setDataSourceClassName(String value) { set(DATA_SOURCE_CLASS_NAME, value); }
    public void setDataSourceJNDI(String value) { set(DATA_SOURCE_JNDI, value); }
    public void setConnectionTimeout(long millis) { set(CONNECTION_TIMEOUT, Duration.ofMillis(millis)); }
    public void setMaxRetries(int value) { set(MAX_RETRIES, value); }
    public void setRetryBackoff(long millis) { set(RETRY_BACKOFF, Duration.ofMillis(millis)); }
    public void setRetryBackoffMax(long millis) { set(RETRY_BACKOFF_MAX, Duration.ofMillis(millis)); }
    public void setConnectionCreationRate(int value) { set(CONNECTION_CREATION_RATE, value); }
    public void setInitializationFailTimeout(long millis) { set(INITIALIZATION_FAIL_TIMEOUT, Duration.ofMillis(millis)); }
    public void setDefaultQueryTimeout(long millis) { set(DEFAULT_QUERY_TIMEOUT, Duration.ofMillis(millis)); }
    public void setCircuitBreakerEnabled(boolean value) { set(CIRCUIT_BREAKER_ENABLED, value); }
    public void setCircuitBreakerFailureThreshold(int value) { set(CIRCUIT_BREAKER_FAILURE_THRESHOLD, value); }
    public void setCircuitBreakerOpenDuration(long millis) { set(CIRCUIT_BREAKER_OPEN_DURATION, Duration.ofMillis(millis)); }
    public void setAutoscaleEnabled(boolean value) { set(AUTOSCALE_ENABLED, value); }
    public void setAutoscaleStep(double value) { set(AUTOSCALE_STEP, value); }
    public void setAutoscaleScaleUpAt(double value) { set(AUTOSCALE_SCALE_UP_AT, value); }
    public void setAutoscaleScaleDownAt(double value) { set(AUTOSCALE_SCALE_DOWN_AT, value); }
    public void setAutoscaleWindow(long millis) { set(AUTOSCALE_WINDOW, Duration.ofMillis(millis)); }
    public void setAutoscaleCooldown(long millis) { set(AUTOSCALE_COOLDOWN, Duration.ofMillis(millis)); }
    public void setAutoscaleInterval(long millis) { set(AUTOSCALE_INTERVAL, Duration.ofMillis(millis)); }
    public void setRegisterMbeans(boolean value) { set(REGISTER_MBEANS, value); }
    public void setAllowPoolSuspension(boolean value) { set(ALLOW_POOL_SUSPENSION, value); }
    public void setMetricsLatency(boolean value) { set(METRICS_LATENCY, value); }
    public void setMetricsWindow(long millis) { set(METRICS_WINDOW, Duration.ofMillis(millis)); }
    public void setIdleTimeout(long millis) { set(IDLE_TIMEOUT, Duration.ofMillis(millis)); }
    public void setMaxLifetime(long millis) { set(MAX_LIFETIME, Duration.ofMillis(millis)); }
    public void setMaxLifetimeVariance(double value) { set(MAX_LIFETIME_VARIANCE, value); }
    public void setKeepaliveTime(long millis) { set(KEEPALIVE_TIME, Duration.ofMillis(millis)); }
    public void setValidationTimeout(long millis) { set(VALIDATION_TIMEOUT, Duration.ofMillis(millis)); }
    public void setConnectionTestQuery(String value) { set(CONNECTION_TEST_QUERY, value); }
    public void setAliveBypassWindow(long millis) { set(ALIVE_BYPASS_WINDOW, Duration.ofMillis(millis)); }
    public void setValidateOnReturn(boolean value) { set(VALIDATE_ON_RETURN, value); }
    public void setHousekeepingPeriod(long millis) { set(HOUSEKEEPING_PERIOD, Duration.ofMillis(millis)); }
    public void setLeakDetectionThreshold(long millis) { set(LEAK_DETECTION_THRESHOLD, Duration.ofMillis(millis)); }
    public void setLeakReclaimThreshold(long millis) { set(LEAK_RECLAIM_THRESHOLD, Duration.ofMillis(millis)); }
    public void setAutoCommit(boolean value) { set(AUTO_COMMIT, value); }
    public void setReadOnly(boolean value) { set(READ_ONLY, value); }
    public void setCatalog(String value) { set(CATALOG, value); }
    public void setSchema(String value) { set(SCHEMA, value); }
    public void setConnectionInitSql(String value) { set(CONNECTION_INIT_SQL, value); }
    public void setFleetName(String value) { set(FLEET_NAME, value); }
    public void setFleetHeadroom(int value) { set(FLEET_HEADROOM, value); }
    public void setFleetFloor(int value) { set(FLEET_FLOOR, value); }
    public void setFleetRefreshInterval(long millis) { set(FLEET_REFRESH_INTERVAL, Duration.ofMillis(millis)); }
    public void setBudgetName(String value) { set(BUDGET_NAME, value); }
    public void setBudgetConnections(int value) { set(BUDGET_CONNECTIONS, value); }
    public void setShutdownTimeout(long millis) { set(SHUTDOWN_TIMEOUT, Duration.ofMillis(millis)); }
    /** Sets {@link PoolConfig#jdbcUrl()}, under the name Spring's {@code DataSourceBuilder} uses. */
    public void setUrl(String url) { setJdbcUrl(url); }
    /** Sets {@link PoolConfig#username()}, under the name Spring's {@code DataSourceBuilder} may use. */
    public void setUser(String user) { setUsername(user); }
    public void setDataSource(DataSource dataSource) { set(DATA_SOURCE, dataSource); }
    /** Adds these to {@link PoolConfig#dataSourceProperties()}. */
    public void setDataSourceProperties(Properties properties) {
        Objects.requireNonNull(properties, "properties").stringPropertyNames()
                .forEach(name -> addDataSourceProperty(name, properties.getProperty(name)));
    }
    /** Adds one of {@link PoolConfig#dataSourceProperties()}, as HikariCP's method of the same name does. */
    public void addDataSourceProperty(String name, Object value) {
        Properties properties = current(DATA_SOURCE_PROPERTIES);
        Properties added = Kind.DRIVER_PROPERTIES.copy(properties);
        added.setProperty(Objects.requireNonNull(name, "name"), String.valueOf(value));
        set(DATA_SOURCE_PROPERTIES, added);
    }
    public void setExceptionOverride(SQLExceptionOverride override) { set(EXCEPTION_OVERRIDE, override); }
    /** Sets {@link PoolConfig#exceptionOverride()} to a new instance of the named class. */
    public void setExceptionOverrideClassName(String className) { set(EXCEPTION_OVERRIDE, read(EXCEPTION_OVERRIDE, className)); }
    public void setCredentialsProvider(CredentialsProvider provider) { set(CREDENTIALS_PROVIDER, provider); }
    /** Sets {@link PoolConfig#credentialsProvider()} to a new instance of the named class (HikariCP 7's name). */
    public void setCredentialsProviderClassName(String className) {
        set(CREDENTIALS_PROVIDER, CREDENTIALS_PROVIDER.kind.read("credentialsProviderClassName", className));
    }
    /** Sets {@link PoolConfig#transactionIsolation()} by name ({@code TRANSACTION_READ_COMMITTED}, or without the prefix). */
    public void setTransactionIsolation(String isolation) { set(TRANSACTION_ISOLATION, read(TRANSACTION_ISOLATION, isolation)); }
    /** Sets {@link PoolConfig#poolerMode()}: {@code NONE} or {@code TRANSACTION}. */
    public void setPoolerMode(String mode) { set(POOLER_MODE, read(POOLER_MODE, mode)); }
    public void setRole(String role) { set(ROLE, read(ROLE, role)); }
    /** Adds one of {@link PoolConfig#listeners()}. */
    public void addListener(PoolListener listener) {
        startLock.lock();
        try {
            if (settings != null && !started()) {
                settings.listener(listener);
                return;
            }
        } finally {
            startLock.unlock();
        }
        change(LISTENERS, null);
    }

    private static <T> T read(Setting<T> setting, String text) {
        return setting.kind.read(setting.key, text);
    }
}
