package dev.cistern;

import dev.cistern.internal.Secrets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The immutable configuration of one pool. Built with {@link #builder()} or read from properties with
 * {@link #fromProperties(Properties)}, using HikariCP's property names wherever the concept is the same so
 * that existing properties files move over unchanged. Every field is checked when built; a bad value is an
 * {@link IllegalArgumentException} naming the field, the value and the allowed range. Reading properties
 * lives in {@link PoolConfigProperties}, the checks in {@link PoolConfigRules}; this class holds the values.
 */
public final class PoolConfig {
    /** The isolation value meaning "whatever the driver gives a new connection". */
    public static final int DRIVER_DEFAULT_ISOLATION = -1;

    static final int MAX_POOL_SIZE_LIMIT = 10_000;
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String driverClassName;
    private final DataSource dataSource;
    private final Properties dataSourceProperties;
    private final String poolName;
    private final int maximumPoolSize;
    private final int minimumIdle;
    private final Duration connectionTimeout;
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final Duration keepaliveTime;
    private final Duration validationTimeout;
    private final String connectionTestQuery;
    private final String connectionInitSql;
    private final Duration initializationFailTimeout;
    private final boolean autoCommit;
    private final boolean readOnly;
    private final int transactionIsolation;
    private final String catalog;
    private final String schema;
    private final Duration leakDetectionThreshold;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final Duration retryBackoffMax;
    private final boolean validateOnReturn;
    private final Duration aliveBypassWindow;
    private final Duration housekeepingPeriod;
    private final Duration shutdownTimeout;
    private final Duration leakReclaimThreshold;
    private final boolean circuitBreakerEnabled;
    private final int circuitBreakerFailureThreshold;
    private final Duration circuitBreakerOpenDuration;
    private final boolean autoscaleEnabled;
    private final double autoscaleStep;
    private final Duration autoscaleWindow;
    private final double autoscaleScaleUpAt;
    private final double autoscaleScaleDownAt;
    private final Duration autoscaleCooldown;
    private final Duration autoscaleInterval;
    private final boolean registerMbeans;
    private final boolean allowPoolSuspension;
    private final SQLExceptionOverride exceptionOverride;
    private final boolean metricsLatency;
    private final Duration metricsWindow;
    private final CredentialsProvider credentialsProvider;
    private final Duration defaultQueryTimeout;
    private final PoolerMode poolerMode;
    private final List<PoolListener> listeners;

    private PoolConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.username = b.username;
        this.password = b.password;
        this.driverClassName = b.driverClassName;
        this.dataSource = b.dataSource;
        Properties copy = new Properties();
        copy.putAll(b.dataSourceProperties);
        this.dataSourceProperties = copy;
        this.poolName = b.poolName != null ? b.poolName : "cistern-" + POOL_NUMBER.incrementAndGet();
        this.maximumPoolSize = b.maximumPoolSize;
        this.minimumIdle = b.minimumIdle != null ? b.minimumIdle : b.maximumPoolSize;
        this.connectionTimeout = b.connectionTimeout;
        this.idleTimeout = b.idleTimeout;
        this.maxLifetime = b.maxLifetime;
        this.keepaliveTime = b.keepaliveTime;
        // A validation may not outlast the borrower's whole wait: cap it quietly, as documented.
        this.validationTimeout = b.validationTimeout.compareTo(b.connectionTimeout) > 0
                ? b.connectionTimeout : b.validationTimeout;
        this.connectionTestQuery = b.connectionTestQuery;
        this.connectionInitSql = b.connectionInitSql;
        this.initializationFailTimeout = b.initializationFailTimeout;
        this.autoCommit = b.autoCommit;
        this.readOnly = b.readOnly;
        this.transactionIsolation = b.transactionIsolation;
        this.catalog = b.catalog;
        this.schema = b.schema;
        this.leakDetectionThreshold = b.leakDetectionThreshold;
        this.maxRetries = b.maxRetries;
        this.retryBackoff = b.retryBackoff;
        this.retryBackoffMax = b.retryBackoffMax;
        this.validateOnReturn = b.validateOnReturn;
        this.aliveBypassWindow = b.aliveBypassWindow;
        this.housekeepingPeriod = b.housekeepingPeriod;
        this.shutdownTimeout = b.shutdownTimeout;
        this.leakReclaimThreshold = b.leakReclaimThreshold;
        this.circuitBreakerEnabled = b.circuitBreakerEnabled;
        this.circuitBreakerFailureThreshold = b.circuitBreakerFailureThreshold;
        this.circuitBreakerOpenDuration = b.circuitBreakerOpenDuration;
        this.autoscaleEnabled = b.autoscaleEnabled;
        this.autoscaleStep = b.autoscaleStep;
        this.autoscaleWindow = b.autoscaleWindow;
        this.autoscaleScaleUpAt = b.autoscaleScaleUpAt;
        this.autoscaleScaleDownAt = b.autoscaleScaleDownAt;
        this.autoscaleCooldown = b.autoscaleCooldown;
        this.autoscaleInterval = b.autoscaleInterval;
        this.registerMbeans = b.registerMbeans;
        this.allowPoolSuspension = b.allowPoolSuspension;
        this.exceptionOverride = b.exceptionOverride;
        this.metricsLatency = b.metricsLatency;
        this.metricsWindow = b.metricsWindow;
        this.credentialsProvider = b.credentialsProvider;
        this.defaultQueryTimeout = b.defaultQueryTimeout;
        this.poolerMode = b.poolerMode;
        this.listeners = List.copyOf(b.listeners);
    }

    /** {@return a builder with every setting at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this configuration's values, to derive a changed copy} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.jdbcUrl = jdbcUrl;
        b.username = username;
        b.password = password;
        b.driverClassName = driverClassName;
        b.dataSource = dataSource;
        b.dataSourceProperties.putAll(dataSourceProperties);
        b.poolName = poolName;
        b.maximumPoolSize = maximumPoolSize;
        b.minimumIdle = minimumIdle;
        b.connectionTimeout = connectionTimeout;
        b.idleTimeout = idleTimeout;
        b.maxLifetime = maxLifetime;
        b.keepaliveTime = keepaliveTime;
        b.validationTimeout = validationTimeout;
        b.connectionTestQuery = connectionTestQuery;
        b.connectionInitSql = connectionInitSql;
        b.initializationFailTimeout = initializationFailTimeout;
        b.autoCommit = autoCommit;
        b.readOnly = readOnly;
        b.transactionIsolation = transactionIsolation;
        b.catalog = catalog;
        b.schema = schema;
        b.leakDetectionThreshold = leakDetectionThreshold;
        b.maxRetries = maxRetries;
        b.retryBackoff = retryBackoff;
        b.retryBackoffMax = retryBackoffMax;
        b.validateOnReturn = validateOnReturn;
        b.aliveBypassWindow = aliveBypassWindow;
        b.housekeepingPeriod = housekeepingPeriod;
        b.shutdownTimeout = shutdownTimeout;
        b.leakReclaimThreshold = leakReclaimThreshold;
        b.circuitBreakerEnabled = circuitBreakerEnabled;
        b.circuitBreakerFailureThreshold = circuitBreakerFailureThreshold;
        b.circuitBreakerOpenDuration = circuitBreakerOpenDuration;
        b.autoscaleEnabled = autoscaleEnabled;
        b.autoscaleStep = autoscaleStep;
        b.autoscaleWindow = autoscaleWindow;
        b.autoscaleScaleUpAt = autoscaleScaleUpAt;
        b.autoscaleScaleDownAt = autoscaleScaleDownAt;
        b.autoscaleCooldown = autoscaleCooldown;
        b.autoscaleInterval = autoscaleInterval;
        b.registerMbeans = registerMbeans;
        b.allowPoolSuspension = allowPoolSuspension;
        b.exceptionOverride = exceptionOverride;
        b.metricsLatency = metricsLatency;
        b.metricsWindow = metricsWindow;
        b.credentialsProvider = credentialsProvider;
        b.defaultQueryTimeout = defaultQueryTimeout;
        b.poolerMode = poolerMode;
        b.listeners.addAll(listeners);
        return b;
    }

    /**
     * Reads a configuration from properties with HikariCP's names ({@code jdbcUrl}, {@code maximumPoolSize},
     * ...); {@code dataSource.X} entries become driver properties. Durations take milliseconds or a unit
     * ({@code 30s}, {@code 5m}). An unknown name is an error, so that a typo does not pass silently.
     *
     * @param properties the settings by name
     * @return the checked configuration
     * @throws IllegalArgumentException naming the property, the value and the range, for a bad setting
     */
    public static PoolConfig fromProperties(Properties properties) {
        return PoolConfigProperties.read(properties);
    }

    /** {@return the largest {@code maximumPoolSize} accepted} */
    public static int maximumPoolSizeLimit() {
        return MAX_POOL_SIZE_LIMIT;
    }

    /** {@return the property names {@link #fromProperties} understands (besides {@code dataSource.*})} */
    public static Set<String> propertyNames() {
        return PoolConfigProperties.names();
    }

    /** {@return the JDBC URL connections are opened with; null when a {@link #dataSource()} is used} */
    public String jdbcUrl() { return jdbcUrl; }
    /** {@return the database user; null when none is given (or a credentials provider is used)} */
    public String username() { return username; }
    /** {@return the password as configured; never logged or printed by Cistern} */
    public String password() { return password; }
    /** {@return the driver class to load for the URL; null to let {@code DriverManager} find one} */
    public String driverClassName() { return driverClassName; }
    /** {@return a DataSource to take physical connections from instead of a JDBC URL; null when a URL is used} */
    public DataSource dataSource() { return dataSource; }
    /** {@return a copy of the properties passed to the driver or data source ({@code dataSource.*})} */
    public Properties dataSourceProperties() {
        Properties copy = new Properties();
        copy.putAll(dataSourceProperties);
        return copy;
    }
    /** {@return the pool's name, in logs, thread names, metrics and JMX} */
    public String poolName() { return poolName; }
    /** {@return the most physical connections the pool holds, lent and idle together} */
    public int maximumPoolSize() { return maximumPoolSize; }
    /** {@return the idle connections the pool keeps ready (the maximum by default)} */
    public int minimumIdle() { return minimumIdle; }
    /** {@return the longest a {@code getConnection()} waits, whatever it spends the time on} */
    public Duration connectionTimeout() { return connectionTimeout; }
    /** {@return how long a connection above {@code minimumIdle} may sit idle before it is closed; 0 = never} */
    public Duration idleTimeout() { return idleTimeout; }
    /** {@return the longest a physical connection lives (less up to 2.5 % jitter); 0 = no limit} */
    public Duration maxLifetime() { return maxLifetime; }
    /** {@return how often an idle connection is checked; 0 = never} */
    public Duration keepaliveTime() { return keepaliveTime; }
    /** {@return the longest one check of a connection may take (at most {@code connectionTimeout})} */
    public Duration validationTimeout() { return validationTimeout; }
    /** {@return the query that checks a connection; null to use {@code Connection.isValid}} */
    public String connectionTestQuery() { return connectionTestQuery; }
    /** {@return SQL run once on every new connection; null for none} */
    public String connectionInitSql() { return connectionInitSql; }
    /**
     * {@return how start-up treats an unreachable database: below 0 open nothing, 0 start anyway, above 0 fail
     * after this long}
     */
    public Duration initializationFailTimeout() { return initializationFailTimeout; }
    /** {@return the autocommit mode connections are lent in} */
    public boolean autoCommit() { return autoCommit; }
    /** {@return whether connections are lent read-only} */
    public boolean readOnly() { return readOnly; }
    /** {@return the isolation level connections are lent in, or {@link #DRIVER_DEFAULT_ISOLATION}} */
    public int transactionIsolation() { return transactionIsolation; }
    /** {@return the catalog connections are lent in; null for the driver's} */
    public String catalog() { return catalog; }
    /** {@return the schema connections are lent in; null for the driver's} */
    public String schema() { return schema; }
    /** {@return how long a borrow may last before it is reported as a leak; 0 = off} */
    public Duration leakDetectionThreshold() { return leakDetectionThreshold; }
    /** {@return how many times a failed connection attempt is retried, with backoff} */
    public int maxRetries() { return maxRetries; }
    /** {@return the first retry's delay; later retries double it, with jitter} */
    public Duration retryBackoff() { return retryBackoff; }
    /** {@return the longest delay between retries} */
    public Duration retryBackoffMax() { return retryBackoffMax; }
    /** {@return whether a connection is checked when it is given back} */
    public boolean validateOnReturn() { return validateOnReturn; }
    /** {@return how recently a connection must have been seen working to be lent without a check} */
    public Duration aliveBypassWindow() { return aliveBypassWindow; }
    /** {@return how often the housekeeper retires idle and expired connections and refills} */
    public Duration housekeepingPeriod() { return housekeepingPeriod; }
    /** {@return how long {@code close()} waits for borrowed connections before it aborts them} */
    public Duration shutdownTimeout() { return shutdownTimeout; }
    /** {@return how long a borrow may last before the pool takes the connection back; 0 = off} */
    public Duration leakReclaimThreshold() { return leakReclaimThreshold; }
    /** {@return whether the circuit breaker fails borrowers fast while the database is unreachable} */
    public boolean circuitBreakerEnabled() { return circuitBreakerEnabled; }
    /** {@return the failures in a row that open the circuit} */
    public int circuitBreakerFailureThreshold() { return circuitBreakerFailureThreshold; }
    /** {@return how long the circuit stays open before one probe connection is tried} */
    public Duration circuitBreakerOpenDuration() { return circuitBreakerOpenDuration; }
    /** {@return whether the autoscaler moves the effective maximum between the bounds} */
    public boolean autoscaleEnabled() { return autoscaleEnabled; }
    /**
     * {@return the fraction of {@code maximumPoolSize} to grow or shrink by in one decision (at least 1
     * connection)}
     */
    public double autoscaleStep() { return autoscaleStep; }
    /** {@return the span of samples one autoscaler decision looks at} */
    public Duration autoscaleWindow() { return autoscaleWindow; }
    /** {@return the utilization, from 0 to 1, above which the autoscaler grows the pool} */
    public double autoscaleScaleUpAt() { return autoscaleScaleUpAt; }
    /** {@return the utilization, from 0 to 1, below which the autoscaler shrinks the pool} */
    public double autoscaleScaleDownAt() { return autoscaleScaleDownAt; }
    /** {@return how long the autoscaler waits after growing before it may shrink} */
    public Duration autoscaleCooldown() { return autoscaleCooldown; }
    /** {@return the least time between two autoscaler decisions} */
    public Duration autoscaleInterval() { return autoscaleInterval; }
    /** {@return whether the pool registers its JMX MXBean} */
    public boolean registerMbeans() { return registerMbeans; }
    /** {@return what overrides the pool's decision that an error broke a connection; null for none} */
    public SQLExceptionOverride exceptionOverride() { return exceptionOverride; }
    /** {@return whether {@code suspend()} is allowed (true unless turned off)} */
    public boolean allowPoolSuspension() { return allowPoolSuspension; }
    /**
     * {@return whether wait, use and creation times are recorded as histograms (see {@link PoolStats#waitTime()})}
     */
    public boolean metricsLatency() { return metricsLatency; }
    /**
     * {@return the span of the recent figures in {@link PoolStats}: latency percentiles, borrows per second, recent
     * timeouts}
     */
    public Duration metricsWindow() { return metricsWindow; }
    /**
     * {@return the provider asked for credentials at every connection attempt; null when the static username and
     * password are used}
     */
    public CredentialsProvider credentialsProvider() { return credentialsProvider; }
    /**
     * {@return the query timeout every statement the pool hands out gets (whole seconds, rounded up); 0 = none}
     */
    public Duration defaultQueryTimeout() { return defaultQueryTimeout; }
    /** {@return what stands between the pool and the database: NONE, or a TRANSACTION-mode pooler (docs/poolers.md)} */
    public PoolerMode poolerMode() { return poolerMode; }
    /** {@return the listeners told of the pool's events, in the order they were added} */
    public List<PoolListener> listeners() { return listeners; }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("PoolConfig{poolName=").append(poolName);
        if (jdbcUrl != null) {
            s.append(", jdbcUrl=").append(Secrets.maskUrl(jdbcUrl));
        } else {
            s.append(", dataSource=").append(dataSource.getClass().getName());
        }
        if (username != null) {
            s.append(", username=").append(username);
        }
        if (password != null) {
            s.append(", password=").append(Secrets.MASK);
        }
        if (driverClassName != null) {
            s.append(", driverClassName=").append(driverClassName);
        }
        if (!dataSourceProperties.isEmpty()) {
            s.append(", dataSourceProperties={");
            String separator = "";
            for (String key : new TreeSet<>(dataSourceProperties.stringPropertyNames())) {
                boolean secret = key.toLowerCase(Locale.ROOT).matches(".*(password|passwd|pwd|secret|token).*");
                s.append(separator).append(key).append('=')
                        .append(secret ? Secrets.MASK : Secrets.maskUrl(dataSourceProperties.getProperty(key)));
                separator = ", ";
            }
            s.append('}');
        }
        if (credentialsProvider != null) {
            s.append(", credentialsProvider=").append(credentialsProvider.getClass().getName());
        }
        s.append(", maximumPoolSize=").append(maximumPoolSize)
                .append(", minimumIdle=").append(minimumIdle)
                .append(", connectionTimeout=").append(Durations.format(connectionTimeout))
                .append(", idleTimeout=").append(Durations.format(idleTimeout))
                .append(", maxLifetime=").append(Durations.format(maxLifetime))
                .append(", keepaliveTime=").append(Durations.format(keepaliveTime))
                .append(", validationTimeout=").append(Durations.format(validationTimeout))
                .append(", autoCommit=").append(autoCommit)
                .append(", readOnly=").append(readOnly)
                .append(", transactionIsolation=").append(PoolConfigProperties.isolationName(transactionIsolation))
                .append(", maxRetries=").append(maxRetries)
                .append(", retryBackoff=").append(Durations.format(retryBackoff))
                .append("..").append(Durations.format(retryBackoffMax))
                .append(", circuitBreaker=").append(circuitBreakerEnabled
                        ? circuitBreakerFailureThreshold + " failures/" + Durations.format(circuitBreakerOpenDuration) : "off");
        if (!leakDetectionThreshold.isZero()) {
            s.append(", leakDetectionThreshold=").append(Durations.format(leakDetectionThreshold));
        }
        if (!leakReclaimThreshold.isZero()) {
            s.append(", leakReclaimThreshold=").append(Durations.format(leakReclaimThreshold));
        }
        if (autoscaleEnabled) {
            s.append(", autoscale=").append(Math.round(autoscaleScaleDownAt * 100)).append("%..")
                    .append(Math.round(autoscaleScaleUpAt * 100)).append("% step ").append(Math.round(autoscaleStep * 100))
                    .append('%');
        }
        if (poolerMode != PoolerMode.NONE) {
            s.append(", poolerMode=").append(poolerMode);
        }
        if (!defaultQueryTimeout.isZero()) {
            s.append(", defaultQueryTimeout=").append(Durations.format(defaultQueryTimeout));
        }
        if (metricsLatency) {
            s.append(", metrics.latency=on, metrics.window=").append(Durations.format(metricsWindow));
        }
        s.append('}');
        return s.toString();
    }

    /** Collects settings; {@link #build()} checks them all and returns the immutable configuration. */
    public static final class Builder extends ConfigSetters<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Checks every setting and returns the immutable configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the setting, the value and the range, for a bad setting
         */
        public PoolConfig build() {
            ConnectionSourceChoice.resolve(this);
            PoolConfigRules.check(this);
            if (poolerMode == PoolerMode.TRANSACTION && jdbcUrl != null
                    && dev.cistern.dialect.DatabaseType.fromUrl(jdbcUrl) == dev.cistern.dialect.DatabaseType.POSTGRESQL) {
                // pgjdbc's server-side prepared statements live in one server session: off behind the pooler
                dataSourceProperties.putIfAbsent("prepareThreshold", "0");
            }
            blankIsUnset();
            return new PoolConfig(this);
        }

        /** An empty test query or init statement means "none", as if it had not been set. */
        private void blankIsUnset() {
            if (connectionTestQuery != null && connectionTestQuery.isBlank()) {
                connectionTestQuery = null;
            }
            if (connectionInitSql != null && connectionInitSql.isBlank()) {
                connectionInitSql = null;
            }
        }
    }
}
