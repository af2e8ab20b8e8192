package dev.cistern;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The JavaBean side of {@link CisternDataSource}: a setter for every {@link PoolConfig} setting, with
 * HikariCP's names and types (durations in milliseconds, {@code setUrl}/{@code setUser} aliases as
 * Spring's {@code DataSourceBuilder} calls them), so that a pool can be made with {@code new
 * CisternDataSource()} and setters, by Spring, an XML bean definition or a JNDI bean factory. The pool
 * starts at the first call that needs it. After that, {@link #setMaximumPoolSize} and
 * {@link #setMinimumIdle} resize the running pool, {@link #setUsername} and {@link #setPassword} change the
 * credentials of connections opened from then on, the timeouts ({@code connectionTimeout},
 * {@code validationTimeout}, {@code idleTimeout}, {@code maxLifetime}, {@code keepaliveTime}, and the leak
 * thresholds if leak detection was on at start) apply from the next wait or check, and any other setter
 * throws {@link IllegalStateException} naming the setting. These runtime changes work on a data source made
 * from a {@link PoolConfig} too, and show in {@link CisternDataSource#config()}. Each setting's meaning is on its {@link PoolConfig} accessor.
 */
public abstract class DataSourceSettings {
    /** Guards {@link #settings} and the start of the pool. */
    final ReentrantLock startLock = new ReentrantLock();
    /** The settings until the pool starts; null when the data source was made from a {@link PoolConfig}. */
    final PoolConfig.Builder settings;

    DataSourceSettings(boolean bean) {
        this.settings = bean ? PoolConfig.builder() : null;
    }

    /** Whether the pool is running (the settings are fixed from then on). */
    abstract boolean started();

    /** The configuration in force once the pool runs; null before. */
    abstract PoolConfig runningConfig();

    /** A setting as it stands: in force once the pool runs, as set before that. */
    private <T> T current(Function<PoolConfig, T> inForce, Function<PoolConfig.Builder, T> asSet) {
        PoolConfig running = runningConfig();
        if (running != null) {
            return inForce.apply(running);
        }
        startLock.lock();
        try {
            return settings != null ? asSet.apply(settings) : null;
        } finally {
            startLock.unlock();
        }
    }

    // Getters for the settings that Spring's DataSourceBuilder.derivedFrom (used by Flyway and Liquibase to
    // connect as another user) and JavaBean tools read back; HikariDataSource has the same ones.

    /** {@return the JDBC URL in force (or set, before the pool starts); null when connections come from a DataSource} */
    public String getJdbcUrl() { return current(PoolConfig::jdbcUrl, b -> b.jdbcUrl); }

    /** {@return the same as {@link #getJdbcUrl()}, under the name Spring's {@code DataSourceBuilder} reads} */
    public String getUrl() { return getJdbcUrl(); }

    /** {@return the username in force (or set, before the pool starts)} */
    public String getUsername() { return current(PoolConfig::username, b -> b.username); }

    /**
     * {@return the password in force (or set, before the pool starts)} Here for tools that open connections
     * of their own with the pool's credentials, as HikariCP's getter is; the pool itself never shows it.
     */
    public String getPassword() { return current(PoolConfig::password, b -> b.password); }

    /** {@return the driver class in force (or set, before the pool starts); null when found from the URL} */
    public String getDriverClassName() { return current(PoolConfig::driverClassName, b -> b.driverClassName); }

    /** Applies a changed size to the running pool. */
    abstract void resizeRunning(int minimumIdle, int maximumPoolSize);

    /** Gives the running pool a new username or password (null: keep that one). */
    abstract void changeRunningCredentials(String username, String password);

    /** Changes timeouts of the running pool (checked by the start-up rules). */
    abstract void changeRunningTimeouts(Consumer<PoolConfig.Builder> change);

    /** A timeout: a setting before start, a change to the running pool after. */
    private void setTimeout(Consumer<PoolConfig.Builder> change) {
        if (!setBeforeStart(change)) {
            changeRunningTimeouts(change);
        }
    }

    /** A credential: a setting before start, new credentials for the running pool's new connections after. */
    private void setCredential(String name, Consumer<PoolConfig.Builder> change, String username, String password) {
        if (setBeforeStart(change)) {
            return;
        }
        try {
            changeRunningCredentials(username, password);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(name + " cannot change: " + e.getMessage(), e);
        }
    }

    /** Changes a setting before start; afterwards throws, naming it. */
    private void set(String name, Consumer<PoolConfig.Builder> change) {
        startLock.lock();
        try {
            if (settings == null || started()) {
                throw new IllegalStateException(name + " cannot change once the pool has started"
                        + (settings == null ? " (it was made from a PoolConfig)" : " (at its first use)")
                        + "; only the sizes, timeouts and credentials can");
            }
            change.accept(settings);
        } finally {
            startLock.unlock();
        }
    }

    private static Duration millis(long millis) {
        return Duration.ofMillis(millis);
    }

    // ---- where connections come from ----------------------------------------------------------------------

    /**
     * Sets {@link PoolConfig#jdbcUrl()}.
     *
     * @param jdbcUrl the new value
     */
    public void setJdbcUrl(String jdbcUrl) { set("jdbcUrl", b -> b.jdbcUrl(jdbcUrl)); }

    /**
     * Same as {@link #setJdbcUrl}, under the name Spring's {@code DataSourceBuilder} uses.
     *
     * @param url the JDBC URL
     */
    public void setUrl(String url) { set("jdbcUrl", b -> b.jdbcUrl(url)); }

    /**
     * Sets {@link PoolConfig#username()} before start; afterwards, connections opened from then on use it.
     *
     * @param username the new value
     */
    public void setUsername(String username) {
        setCredential("username", b -> b.username(username), username, null);
    }

    /**
     * Same as {@link #setUsername}, under the name Spring's {@code DataSourceBuilder} may use.
     *
     * @param user the database user
     */
    public void setUser(String user) {
        setUsername(user);
    }

    /**
     * Sets {@link PoolConfig#password()} before start; afterwards, connections opened from then on use it (a
     * rotated password, say; the open ones keep theirs until retired, or {@code softEvictConnections()}).
     *
     * @param password the new value
     */
    public void setPassword(String password) {
        setCredential("password", b -> b.password(password), null, password);
    }

    /**
     * Sets {@link PoolConfig#driverClassName()}.
     *
     * @param className the new value
     */
    public void setDriverClassName(String className) { set("driverClassName", b -> b.driverClassName(className)); }

    /**
     * Sets {@link PoolConfig#dataSource()}.
     *
     * @param dataSource the new value
     */
    public void setDataSource(DataSource dataSource) { set("dataSource", b -> b.dataSource(dataSource)); }

    /**
     * Adds driver (or data source) properties.
     *
     * @param properties driver (or data source) properties, added to those set before
     */
    public void setDataSourceProperties(Properties properties) {
        set("dataSourceProperties", b -> b.dataSourceProperties(Objects.requireNonNull(properties, "properties")));
    }

    /**
     * Sets the {@link DataSource} class to take connections from, configured by the data source properties
     * through its setters (HikariCP's {@code dataSourceClassName}).
     *
     * @param className a {@code DataSource} class with a public no-argument constructor
     */
    public void setDataSourceClassName(String className) {
        set("dataSourceClassName", b -> b.dataSourceClassName(className));
    }

    /**
     * Sets {@link PoolConfig#exceptionOverride()} to a new instance of the named class.
     *
     * @param className a {@link SQLExceptionOverride} with a public no-argument constructor
     */
    public void setExceptionOverrideClassName(String className) {
        SQLExceptionOverride override =
                PoolConfigProperties.instantiate("exceptionOverrideClassName", className, SQLExceptionOverride.class);
        set("exceptionOverrideClassName", b -> b.exceptionOverride(override));
    }

    /**
     * Sets {@link PoolConfig#exceptionOverride()}.
     *
     * @param override asked about every exception a connection's objects throw; null for none
     */
    public void setExceptionOverride(SQLExceptionOverride override) {
        set("exceptionOverride", b -> b.exceptionOverride(override));
    }

    /**
     * Takes connections from the {@link DataSource} bound under this JNDI name (HikariCP's
     * {@code dataSourceJNDI}); it is looked up when the pool starts.
     *
     * @param name the JNDI name
     */
    public void setDataSourceJNDI(String name) {
        set("dataSourceJNDI", b -> b.dataSourceJNDI(name));
    }

    /**
     * Sets {@link PoolConfig#allowPoolSuspension()}.
     *
     * @param allow false to make {@code suspend()} throw
     */
    public void setAllowPoolSuspension(boolean allow) {
        set("allowPoolSuspension", b -> b.allowPoolSuspension(allow));
    }

    /**
     * Adds one driver (or data source) property, as HikariCP's method of the same name does.
     *
     * @param name  the property's name
     * @param value its value, as text
     */
    public void addDataSourceProperty(String name, Object value) {
        set("dataSourceProperties", b -> b.dataSourceProperty(name, String.valueOf(value)));
    }

    /**
     * Sets {@link PoolConfig#credentialsProvider()}.
     *
     * @param provider the new value
     */
    public void setCredentialsProvider(CredentialsProvider provider) {
        set("credentialsProvider", b -> b.credentialsProvider(provider));
    }

    /**
     * Sets {@link PoolConfig#credentialsProvider()} to a new instance of the named class (HikariCP 7's
     * {@code credentialsProviderClassName}).
     *
     * @param className a {@link CredentialsProvider} with a public no-argument constructor
     */
    public void setCredentialsProviderClassName(String className) {
        CredentialsProvider provider = PoolConfigProperties.instantiate("credentialsProviderClassName", className,
                CredentialsProvider.class);
        set("credentialsProvider", b -> b.credentialsProvider(provider));
    }

    // ---- sizes and timeouts (durations in milliseconds, as HikariCP's setters take them) -------------------

    /**
     * Sets {@link PoolConfig#poolName()}.
     *
     * @param name the new value
     */
    public void setPoolName(String name) { set("poolName", b -> b.poolName(name)); }

    /**
     * Before start, sets {@link PoolConfig#maximumPoolSize()}; afterwards resizes the running pool.
     *
     * @param size the most connections the pool may hold
     */
    public void setMaximumPoolSize(int size) {
        setSize(b -> b.maximumPoolSize(size), -1, size);
    }

    /**
     * Before start, sets {@link PoolConfig#minimumIdle()}; afterwards resizes the running pool.
     *
     * @param minimumIdle the idle connections to keep ready
     */
    public void setMinimumIdle(int minimumIdle) {
        setSize(b -> b.minimumIdle(minimumIdle), minimumIdle, -1);
    }

    /** A size: a setting before start, a resize of the running pool after (-1: keep that bound). */
    private void setSize(Consumer<PoolConfig.Builder> change, int minimumIdle, int maximumPoolSize) {
        if (!setBeforeStart(change)) {
            resizeRunning(minimumIdle, maximumPoolSize);
        }
    }

    /** Applies a change to the settings if the pool has not started; false (nothing done) once it has. */
    private boolean setBeforeStart(Consumer<PoolConfig.Builder> change) {
        startLock.lock();
        try {
            if (settings != null && !started()) {
                change.accept(settings);
                return true;
            }
            return false;
        } finally {
            startLock.unlock();
        }
    }

    /**
     * Sets {@link PoolConfig#connectionTimeout()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setConnectionTimeout(long millis) {
        setTimeout(b -> b.connectionTimeout(millis(millis)));
    }

    /**
     * Sets {@link PoolConfig#idleTimeout()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setIdleTimeout(long millis) { setTimeout(b -> b.idleTimeout(millis(millis))); }

    /**
     * Sets {@link PoolConfig#maxLifetime()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setMaxLifetime(long millis) { setTimeout(b -> b.maxLifetime(millis(millis))); }

    /**
     * Sets {@link PoolConfig#keepaliveTime()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setKeepaliveTime(long millis) { setTimeout(b -> b.keepaliveTime(millis(millis))); }

    /**
     * Sets {@link PoolConfig#validationTimeout()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setValidationTimeout(long millis) {
        setTimeout(b -> b.validationTimeout(millis(millis)));
    }

    /**
     * Sets {@link PoolConfig#initializationFailTimeout()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setInitializationFailTimeout(long millis) {
        set("initializationFailTimeout", b -> b.initializationFailTimeout(millis(millis)));
    }

    /**
     * Sets {@link PoolConfig#leakDetectionThreshold()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setLeakDetectionThreshold(long millis) {
        setTimeout(b -> b.leakDetectionThreshold(millis(millis)));
    }

    /**
     * Sets {@link PoolConfig#leakReclaimThreshold()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setLeakReclaimThreshold(long millis) {
        setTimeout(b -> b.leakReclaimThreshold(millis(millis)));
    }

    /**
     * Sets {@link PoolConfig#aliveBypassWindow()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setAliveBypassWindow(long millis) {
        set("aliveBypassWindow", b -> b.aliveBypassWindow(millis(millis)));
    }

    /**
     * Sets {@link PoolConfig#housekeepingPeriod()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setHousekeepingPeriod(long millis) {
        set("housekeepingPeriod", b -> b.housekeepingPeriod(millis(millis)));
    }

    /**
     * Sets {@link PoolConfig#shutdownTimeout()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setShutdownTimeout(long millis) { set("shutdownTimeout", b -> b.shutdownTimeout(millis(millis))); }

    /**
     * Sets {@link PoolConfig#defaultQueryTimeout()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setDefaultQueryTimeout(long millis) {
        set("defaultQueryTimeout", b -> b.defaultQueryTimeout(millis(millis)));
    }

    /**
     * Sets {@link PoolConfig#poolerMode()}.
     *
     * @param mode NONE or TRANSACTION
     */
    public void setPoolerMode(String mode) {
        PoolerMode parsed = PoolConfigProperties.parsePoolerModeText(mode);
        set("poolerMode", b -> b.poolerMode(parsed));
    }

    // ---- the connections' state and checks -----------------------------------------------------------------

    /**
     * Sets {@link PoolConfig#connectionTestQuery()}.
     *
     * @param query the new value
     */
    public void setConnectionTestQuery(String query) {
        set("connectionTestQuery", b -> b.connectionTestQuery(query));
    }

    /**
     * Sets {@link PoolConfig#connectionInitSql()}.
     *
     * @param sql the new value
     */
    public void setConnectionInitSql(String sql) { set("connectionInitSql", b -> b.connectionInitSql(sql)); }

    /**
     * Sets {@link PoolConfig#autoCommit()}.
     *
     * @param autoCommit the new value
     */
    public void setAutoCommit(boolean autoCommit) { set("autoCommit", b -> b.autoCommit(autoCommit)); }

    /**
     * Sets {@link PoolConfig#readOnly()}.
     *
     * @param readOnly the new value
     */
    public void setReadOnly(boolean readOnly) { set("readOnly", b -> b.readOnly(readOnly)); }

    /**
     * Sets {@link PoolConfig#transactionIsolation()} by name, as HikariCP takes it.
     *
     * @param isolation {@code TRANSACTION_READ_COMMITTED} (or without the prefix), or any other level's name
     */
    public void setTransactionIsolation(String isolation) {
        int level = PoolConfigProperties.parseIsolation(isolation);
        set("transactionIsolation", b -> b.transactionIsolation(level));
    }

    /**
     * Sets {@link PoolConfig#catalog()}.
     *
     * @param catalog the new value
     */
    public void setCatalog(String catalog) { set("catalog", b -> b.catalog(catalog)); }

    /**
     * Sets {@link PoolConfig#schema()}.
     *
     * @param schema the new value
     */
    public void setSchema(String schema) { set("schema", b -> b.schema(schema)); }

    /**
     * Sets {@link PoolConfig#validateOnReturn()}.
     *
     * @param validate the new value
     */
    public void setValidateOnReturn(boolean validate) { set("validateOnReturn", b -> b.validateOnReturn(validate)); }

    // ---- resilience, scaling, observability --------------------------------------------------------------

    /**
     * Sets {@link PoolConfig#maxRetries()}.
     *
     * @param retries the new value
     */
    public void setMaxRetries(int retries) { set("maxRetries", b -> b.maxRetries(retries)); }

    /**
     * Sets {@link PoolConfig#retryBackoff()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setRetryBackoff(long millis) { set("retryBackoff", b -> b.retryBackoff(millis(millis))); }

    /**
     * Sets {@link PoolConfig#retryBackoffMax()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setRetryBackoffMax(long millis) { set("retryBackoffMax", b -> b.retryBackoffMax(millis(millis))); }

    /**
     * Sets {@link PoolConfig#circuitBreakerEnabled()}.
     *
     * @param enabled the new value
     */
    public void setCircuitBreakerEnabled(boolean enabled) {
        set("circuitBreaker.enabled", b -> b.circuitBreakerEnabled(enabled));
    }

    /**
     * Sets {@link PoolConfig#circuitBreakerFailureThreshold()}.
     *
     * @param failures the new value
     */
    public void setCircuitBreakerFailureThreshold(int failures) {
        set("circuitBreaker.failureThreshold", b -> b.circuitBreakerFailureThreshold(failures));
    }

    /**
     * Sets {@link PoolConfig#circuitBreakerOpenDuration()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setCircuitBreakerOpenDuration(long millis) {
        set("circuitBreaker.openDuration", b -> b.circuitBreakerOpenDuration(millis(millis)));
    }

    /**
     * Sets {@link PoolConfig#autoscaleEnabled()}.
     *
     * @param enabled the new value
     */
    public void setAutoscaleEnabled(boolean enabled) { set("autoscale.enabled", b -> b.autoscaleEnabled(enabled)); }

    /**
     * Sets {@link PoolConfig#autoscaleStep()}.
     *
     * @param step the new value
     */
    public void setAutoscaleStep(double step) { set("autoscale.step", b -> b.autoscaleStep(step)); }

    /**
     * Sets {@link PoolConfig#autoscaleWindow()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setAutoscaleWindow(long millis) { set("autoscale.window", b -> b.autoscaleWindow(millis(millis))); }

    /**
     * Sets {@link PoolConfig#autoscaleScaleUpAt()}.
     *
     * @param utilization the new value
     */
    public void setAutoscaleScaleUpAt(double utilization) {
        set("autoscale.scaleUpAt", b -> b.autoscaleScaleUpAt(utilization));
    }

    /**
     * Sets {@link PoolConfig#autoscaleScaleDownAt()}.
     *
     * @param utilization the new value
     */
    public void setAutoscaleScaleDownAt(double utilization) {
        set("autoscale.scaleDownAt", b -> b.autoscaleScaleDownAt(utilization));
    }

    /**
     * Sets {@link PoolConfig#autoscaleCooldown()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setAutoscaleCooldown(long millis) {
        set("autoscale.cooldown", b -> b.autoscaleCooldown(millis(millis)));
    }

    /**
     * Sets {@link PoolConfig#autoscaleInterval()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setAutoscaleInterval(long millis) {
        set("autoscale.interval", b -> b.autoscaleInterval(millis(millis)));
    }

    /**
     * Sets {@link PoolConfig#registerMbeans()}.
     *
     * @param register the new value
     */
    public void setRegisterMbeans(boolean register) { set("registerMbeans", b -> b.registerMbeans(register)); }

    /**
     * Sets {@link PoolConfig#metricsLatency()}.
     *
     * @param record the new value
     */
    public void setMetricsLatency(boolean record) { set("metrics.latency", b -> b.metricsLatency(record)); }

    /**
     * Sets {@link PoolConfig#metricsWindow()}, in milliseconds.
     *
     * @param millis the new value in milliseconds
     */
    public void setMetricsWindow(long millis) { set("metrics.window", b -> b.metricsWindow(millis(millis))); }

    /**
     * Adds a listener, told of the pool's events.
     *
     * @param listener told of the pool's events; may be called more than once
     */
    public void addListener(PoolListener listener) { set("listeners", b -> b.listener(listener)); }
}
