package dev.cistern;

import dev.cistern.internal.Secrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
    private final boolean metricsLatency;
    private final Duration metricsWindow;
    private final CredentialsProvider credentialsProvider;
    private final Duration defaultQueryTimeout;
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
        this.metricsLatency = b.metricsLatency;
        this.metricsWindow = b.metricsWindow;
        this.credentialsProvider = b.credentialsProvider;
        this.defaultQueryTimeout = b.defaultQueryTimeout;
        this.listeners = List.copyOf(b.listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to derive a changed copy. */
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
        b.metricsLatency = metricsLatency;
        b.metricsWindow = metricsWindow;
        b.credentialsProvider = credentialsProvider;
        b.defaultQueryTimeout = defaultQueryTimeout;
        b.listeners.addAll(listeners);
        return b;
    }

    /**
     * Reads a configuration from properties with HikariCP's names ({@code jdbcUrl}, {@code maximumPoolSize},
     * ...); {@code dataSource.X} entries become driver properties. Durations take milliseconds or a unit
     * ({@code 30s}, {@code 5m}). An unknown name is an error, so that a typo does not pass silently.
     */
    public static PoolConfig fromProperties(Properties properties) {
        return PoolConfigProperties.read(properties);
    }

    /** The largest {@code maximumPoolSize} accepted. */
    public static int maximumPoolSizeLimit() {
        return MAX_POOL_SIZE_LIMIT;
    }

    /** The property names {@link #fromProperties} understands (besides {@code dataSource.*}). */
    public static Set<String> propertyNames() {
        return PoolConfigProperties.names();
    }

    public String jdbcUrl() { return jdbcUrl; }
    public String username() { return username; }
    /** The password as configured; never logged or printed by Cistern. */
    public String password() { return password; }
    public String driverClassName() { return driverClassName; }
    /** A DataSource to take physical connections from instead of a JDBC URL; null when a URL is used. */
    public DataSource dataSource() { return dataSource; }
    public Properties dataSourceProperties() {
        Properties copy = new Properties();
        copy.putAll(dataSourceProperties);
        return copy;
    }
    public String poolName() { return poolName; }
    public int maximumPoolSize() { return maximumPoolSize; }
    public int minimumIdle() { return minimumIdle; }
    public Duration connectionTimeout() { return connectionTimeout; }
    public Duration idleTimeout() { return idleTimeout; }
    public Duration maxLifetime() { return maxLifetime; }
    public Duration keepaliveTime() { return keepaliveTime; }
    public Duration validationTimeout() { return validationTimeout; }
    public String connectionTestQuery() { return connectionTestQuery; }
    public String connectionInitSql() { return connectionInitSql; }
    public Duration initializationFailTimeout() { return initializationFailTimeout; }
    public boolean autoCommit() { return autoCommit; }
    public boolean readOnly() { return readOnly; }
    public int transactionIsolation() { return transactionIsolation; }
    public String catalog() { return catalog; }
    public String schema() { return schema; }
    public Duration leakDetectionThreshold() { return leakDetectionThreshold; }
    public int maxRetries() { return maxRetries; }
    public Duration retryBackoff() { return retryBackoff; }
    public Duration retryBackoffMax() { return retryBackoffMax; }
    public boolean validateOnReturn() { return validateOnReturn; }
    public Duration aliveBypassWindow() { return aliveBypassWindow; }
    public Duration housekeepingPeriod() { return housekeepingPeriod; }
    public Duration shutdownTimeout() { return shutdownTimeout; }
    /** 0 = off; otherwise a connection held longer is taken back from its borrower. */
    public Duration leakReclaimThreshold() { return leakReclaimThreshold; }
    public boolean circuitBreakerEnabled() { return circuitBreakerEnabled; }
    public int circuitBreakerFailureThreshold() { return circuitBreakerFailureThreshold; }
    public Duration circuitBreakerOpenDuration() { return circuitBreakerOpenDuration; }
    public boolean autoscaleEnabled() { return autoscaleEnabled; }
    /** The fraction of {@code maximumPoolSize} to grow or shrink by in one decision (at least 1 connection). */
    public double autoscaleStep() { return autoscaleStep; }
    public Duration autoscaleWindow() { return autoscaleWindow; }
    public double autoscaleScaleUpAt() { return autoscaleScaleUpAt; }
    public double autoscaleScaleDownAt() { return autoscaleScaleDownAt; }
    public Duration autoscaleCooldown() { return autoscaleCooldown; }
    public Duration autoscaleInterval() { return autoscaleInterval; }
    public boolean registerMbeans() { return registerMbeans; }
    /** Whether wait, use and creation times are recorded as histograms (see {@link PoolStats#waitTime()}). */
    public boolean metricsLatency() { return metricsLatency; }
    /** The span of the "recent" figures in {@link PoolStats}: latency percentiles and borrows per second. */
    public Duration metricsWindow() { return metricsWindow; }
    /** Asked for credentials at every connection attempt; null when the static username/password are used. */
    public CredentialsProvider credentialsProvider() { return credentialsProvider; }
    /** 0 = none; otherwise every statement the pool hands out gets this query timeout (whole seconds, rounded up). */
    public Duration defaultQueryTimeout() { return defaultQueryTimeout; }
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
    public static final class Builder {
        // Package-private so that PoolConfigRules reads them directly; callers outside see only the setters.
        String jdbcUrl;
        String username;
        String password;
        String driverClassName;
        DataSource dataSource;
        final Properties dataSourceProperties = new Properties();
        String poolName;
        int maximumPoolSize = 10;
        Integer minimumIdle;
        Duration connectionTimeout = Duration.ofSeconds(30);
        Duration idleTimeout = Duration.ofMinutes(10);
        Duration maxLifetime = Duration.ofMinutes(30);
        Duration keepaliveTime = Duration.ofMinutes(2);
        Duration validationTimeout = Duration.ofSeconds(5);
        String connectionTestQuery;
        String connectionInitSql;
        Duration initializationFailTimeout = Duration.ofMillis(1);
        boolean autoCommit = true;
        boolean readOnly;
        int transactionIsolation = DRIVER_DEFAULT_ISOLATION;
        String catalog;
        String schema;
        Duration leakDetectionThreshold = Duration.ZERO;
        int maxRetries = 3;
        Duration retryBackoff = Duration.ofMillis(10);
        Duration retryBackoffMax = Duration.ofSeconds(5);
        boolean validateOnReturn;
        Duration aliveBypassWindow = Duration.ofMillis(500);
        Duration housekeepingPeriod = Duration.ofSeconds(30);
        Duration shutdownTimeout = Duration.ofSeconds(10);
        Duration leakReclaimThreshold = Duration.ZERO;
        boolean circuitBreakerEnabled = true;
        int circuitBreakerFailureThreshold = 5;
        Duration circuitBreakerOpenDuration = Duration.ofSeconds(10);
        boolean autoscaleEnabled;
        double autoscaleStep = 0.2;
        Duration autoscaleWindow = Duration.ofSeconds(30);
        double autoscaleScaleUpAt = 0.8;
        double autoscaleScaleDownAt = 0.5;
        Duration autoscaleCooldown = Duration.ofSeconds(60);
        Duration autoscaleInterval = Duration.ofSeconds(5);
        boolean registerMbeans;
        boolean metricsLatency;
        Duration metricsWindow = Duration.ofSeconds(60);
        CredentialsProvider credentialsProvider;
        Duration defaultQueryTimeout = Duration.ZERO;
        final List<PoolListener> listeners = new ArrayList<>();

        private Builder() {
        }

        public Builder jdbcUrl(String jdbcUrl) { this.jdbcUrl = jdbcUrl; return this; }
        public Builder username(String username) { this.username = username; return this; }
        public Builder password(String password) { this.password = password; return this; }
        public Builder driverClassName(String driverClassName) { this.driverClassName = driverClassName; return this; }
        public Builder dataSource(DataSource dataSource) { this.dataSource = dataSource; return this; }
        public Builder dataSourceProperty(String name, String value) {
            dataSourceProperties.setProperty(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }
        public Builder dataSourceProperties(Properties properties) {
            properties.stringPropertyNames().forEach(n -> dataSourceProperties.setProperty(n, properties.getProperty(n)));
            return this;
        }
        public Builder poolName(String poolName) { this.poolName = poolName; return this; }
        public Builder maximumPoolSize(int maximumPoolSize) { this.maximumPoolSize = maximumPoolSize; return this; }
        public Builder minimumIdle(int minimumIdle) { this.minimumIdle = minimumIdle; return this; }
        public Builder connectionTimeout(Duration connectionTimeout) { this.connectionTimeout = connectionTimeout; return this; }
        public Builder idleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; return this; }
        public Builder maxLifetime(Duration maxLifetime) { this.maxLifetime = maxLifetime; return this; }
        public Builder keepaliveTime(Duration keepaliveTime) { this.keepaliveTime = keepaliveTime; return this; }
        public Builder validationTimeout(Duration validationTimeout) { this.validationTimeout = validationTimeout; return this; }
        public Builder connectionTestQuery(String connectionTestQuery) { this.connectionTestQuery = connectionTestQuery; return this; }
        public Builder connectionInitSql(String connectionInitSql) { this.connectionInitSql = connectionInitSql; return this; }
        public Builder initializationFailTimeout(Duration initializationFailTimeout) {
            this.initializationFailTimeout = initializationFailTimeout;
            return this;
        }
        public Builder autoCommit(boolean autoCommit) { this.autoCommit = autoCommit; return this; }
        public Builder readOnly(boolean readOnly) { this.readOnly = readOnly; return this; }
        /** One of the {@code Connection.TRANSACTION_*} levels, or {@link #DRIVER_DEFAULT_ISOLATION}. */
        public Builder transactionIsolation(int transactionIsolation) { this.transactionIsolation = transactionIsolation; return this; }
        public Builder catalog(String catalog) { this.catalog = catalog; return this; }
        public Builder schema(String schema) { this.schema = schema; return this; }
        public Builder leakDetectionThreshold(Duration leakDetectionThreshold) {
            this.leakDetectionThreshold = leakDetectionThreshold;
            return this;
        }
        public Builder maxRetries(int maxRetries) { this.maxRetries = maxRetries; return this; }
        /** The first retry's backoff; each later retry doubles it, up to {@link #retryBackoffMax}, with jitter. */
        public Builder retryBackoff(Duration retryBackoff) { this.retryBackoff = retryBackoff; return this; }
        public Builder retryBackoffMax(Duration retryBackoffMax) { this.retryBackoffMax = retryBackoffMax; return this; }
        public Builder validateOnReturn(boolean validateOnReturn) { this.validateOnReturn = validateOnReturn; return this; }
        public Builder aliveBypassWindow(Duration aliveBypassWindow) { this.aliveBypassWindow = aliveBypassWindow; return this; }
        public Builder housekeepingPeriod(Duration housekeepingPeriod) { this.housekeepingPeriod = housekeepingPeriod; return this; }
        public Builder shutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; return this; }
        /** 0 = off (the default); at least {@code leakDetectionThreshold}, which must then be on. */
        public Builder leakReclaimThreshold(Duration leakReclaimThreshold) {
            this.leakReclaimThreshold = leakReclaimThreshold;
            return this;
        }
        public Builder circuitBreakerEnabled(boolean enabled) { this.circuitBreakerEnabled = enabled; return this; }
        public Builder circuitBreakerFailureThreshold(int failures) { this.circuitBreakerFailureThreshold = failures; return this; }
        public Builder circuitBreakerOpenDuration(Duration openDuration) { this.circuitBreakerOpenDuration = openDuration; return this; }
        public Builder autoscaleEnabled(boolean enabled) { this.autoscaleEnabled = enabled; return this; }
        /** A fraction of {@code maximumPoolSize} in (0, 1], e.g. 0.2 for 20 %. */
        public Builder autoscaleStep(double step) { this.autoscaleStep = step; return this; }
        public Builder autoscaleWindow(Duration window) { this.autoscaleWindow = window; return this; }
        public Builder autoscaleScaleUpAt(double utilization) { this.autoscaleScaleUpAt = utilization; return this; }
        public Builder autoscaleScaleDownAt(double utilization) { this.autoscaleScaleDownAt = utilization; return this; }
        public Builder autoscaleCooldown(Duration cooldown) { this.autoscaleCooldown = cooldown; return this; }
        public Builder autoscaleInterval(Duration interval) { this.autoscaleInterval = interval; return this; }
        public Builder registerMbeans(boolean register) { this.registerMbeans = register; return this; }
        /**
         * Records wait, use and creation times as histograms (percentiles in {@link PoolStats}). Off by
         * default: it reads the precise clock twice per borrow; docs/observability.md gives the measured cost.
         */
        public Builder metricsLatency(boolean record) { this.metricsLatency = record; return this; }
        /** The span of the recent figures in {@link PoolStats}, from 10 s to 1 h; 60 s by default. */
        public Builder metricsWindow(Duration window) { this.metricsWindow = window; return this; }
        public Builder credentialsProvider(CredentialsProvider provider) { this.credentialsProvider = provider; return this; }
        public Builder defaultQueryTimeout(Duration timeout) { this.defaultQueryTimeout = timeout; return this; }
        /** Adds a listener; may be called more than once. */
        public Builder listener(PoolListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Checks every setting (see {@link PoolConfigRules}) and returns the immutable configuration. */
        public PoolConfig build() {
            PoolConfigRules.check(this);
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
