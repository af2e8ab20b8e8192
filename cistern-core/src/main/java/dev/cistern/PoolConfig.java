package dev.cistern;

import dev.cistern.internal.Secrets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The immutable configuration of one pool. Built with {@link #builder()} or read from properties with
 * {@link #fromProperties(Properties)}, using HikariCP's property names wherever the concept is the same so
 * that existing properties files move over unchanged. Every field is checked when built; a bad value is an
 * {@link IllegalArgumentException} naming the field, the value and the allowed range.
 */
public final class PoolConfig {
    /** The isolation value meaning "whatever the driver gives a new connection". */
    public static final int DRIVER_DEFAULT_ISOLATION = -1;

    static final int MAX_POOL_SIZE_LIMIT = 10_000;
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();
    private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

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
        Objects.requireNonNull(properties, "properties");
        Builder b = builder();
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(name).trim();
            if (name.startsWith("dataSource.")) {
                b.dataSourceProperty(name.substring("dataSource.".length()), value);
                continue;
            }
            BiConsumer<Builder, String> setter = PROPERTY_SETTERS.get(name);
            if (setter == null) {
                throw new IllegalArgumentException("unknown pool property '" + name + "'; known properties: "
                        + String.join(", ", new TreeSet<>(PROPERTY_SETTERS.keySet())) + ", dataSource.*");
            }
            setter.accept(b, value);
        }
        return b.build();
    }

    /** The largest {@code maximumPoolSize} accepted. */
    public static int maximumPoolSizeLimit() {
        return MAX_POOL_SIZE_LIMIT;
    }

    /** The property names {@link #fromProperties} understands (besides {@code dataSource.*}). */
    public static Set<String> propertyNames() {
        return Collections.unmodifiableSet(PROPERTY_SETTERS.keySet());
    }

    private static final Map<String, BiConsumer<Builder, String>> PROPERTY_SETTERS = new LinkedHashMap<>();

    static {
        PROPERTY_SETTERS.put("jdbcUrl", Builder::jdbcUrl);
        PROPERTY_SETTERS.put("username", Builder::username);
        PROPERTY_SETTERS.put("password", Builder::password);
        PROPERTY_SETTERS.put("driverClassName", Builder::driverClassName);
        PROPERTY_SETTERS.put("poolName", Builder::poolName);
        PROPERTY_SETTERS.put("maximumPoolSize", (b, v) -> b.maximumPoolSize(parseInt("maximumPoolSize", v)));
        PROPERTY_SETTERS.put("minimumIdle", (b, v) -> b.minimumIdle(parseInt("minimumIdle", v)));
        PROPERTY_SETTERS.put("connectionTimeout", (b, v) -> b.connectionTimeout(Durations.parse("connectionTimeout", v)));
        PROPERTY_SETTERS.put("idleTimeout", (b, v) -> b.idleTimeout(Durations.parse("idleTimeout", v)));
        PROPERTY_SETTERS.put("maxLifetime", (b, v) -> b.maxLifetime(Durations.parse("maxLifetime", v)));
        PROPERTY_SETTERS.put("keepaliveTime", (b, v) -> b.keepaliveTime(Durations.parse("keepaliveTime", v)));
        PROPERTY_SETTERS.put("validationTimeout", (b, v) -> b.validationTimeout(Durations.parse("validationTimeout", v)));
        PROPERTY_SETTERS.put("connectionTestQuery", Builder::connectionTestQuery);
        PROPERTY_SETTERS.put("connectionInitSql", Builder::connectionInitSql);
        PROPERTY_SETTERS.put("initializationFailTimeout",
                (b, v) -> b.initializationFailTimeout(Durations.parse("initializationFailTimeout", v)));
        PROPERTY_SETTERS.put("autoCommit", (b, v) -> b.autoCommit(parseBoolean("autoCommit", v)));
        PROPERTY_SETTERS.put("readOnly", (b, v) -> b.readOnly(parseBoolean("readOnly", v)));
        PROPERTY_SETTERS.put("transactionIsolation", (b, v) -> b.transactionIsolation(parseIsolation(v)));
        PROPERTY_SETTERS.put("catalog", Builder::catalog);
        PROPERTY_SETTERS.put("schema", Builder::schema);
        PROPERTY_SETTERS.put("leakDetectionThreshold",
                (b, v) -> b.leakDetectionThreshold(Durations.parse("leakDetectionThreshold", v)));
        PROPERTY_SETTERS.put("maxRetries", (b, v) -> b.maxRetries(parseInt("maxRetries", v)));
        PROPERTY_SETTERS.put("retryBackoff", (b, v) -> b.retryBackoff(Durations.parse("retryBackoff", v)));
        PROPERTY_SETTERS.put("retryBackoffMax", (b, v) -> b.retryBackoffMax(Durations.parse("retryBackoffMax", v)));
        PROPERTY_SETTERS.put("validateOnReturn", (b, v) -> b.validateOnReturn(parseBoolean("validateOnReturn", v)));
        PROPERTY_SETTERS.put("aliveBypassWindow", (b, v) -> b.aliveBypassWindow(Durations.parse("aliveBypassWindow", v)));
        PROPERTY_SETTERS.put("housekeepingPeriod", (b, v) -> b.housekeepingPeriod(Durations.parse("housekeepingPeriod", v)));
        PROPERTY_SETTERS.put("shutdownTimeout", (b, v) -> b.shutdownTimeout(Durations.parse("shutdownTimeout", v)));
        PROPERTY_SETTERS.put("leakReclaimThreshold",
                (b, v) -> b.leakReclaimThreshold(Durations.parse("leakReclaimThreshold", v)));
        PROPERTY_SETTERS.put("circuitBreaker.enabled",
                (b, v) -> b.circuitBreakerEnabled(parseBoolean("circuitBreaker.enabled", v)));
        PROPERTY_SETTERS.put("circuitBreaker.failureThreshold",
                (b, v) -> b.circuitBreakerFailureThreshold(parseInt("circuitBreaker.failureThreshold", v)));
        PROPERTY_SETTERS.put("circuitBreaker.openDuration",
                (b, v) -> b.circuitBreakerOpenDuration(Durations.parse("circuitBreaker.openDuration", v)));
        PROPERTY_SETTERS.put("autoscale.enabled", (b, v) -> b.autoscaleEnabled(parseBoolean("autoscale.enabled", v)));
        PROPERTY_SETTERS.put("autoscale.step", (b, v) -> b.autoscaleStep(parseFraction("autoscale.step", v)));
        PROPERTY_SETTERS.put("autoscale.window", (b, v) -> b.autoscaleWindow(Durations.parse("autoscale.window", v)));
        PROPERTY_SETTERS.put("autoscale.scaleUpAt", (b, v) -> b.autoscaleScaleUpAt(parseFraction("autoscale.scaleUpAt", v)));
        PROPERTY_SETTERS.put("autoscale.scaleDownAt",
                (b, v) -> b.autoscaleScaleDownAt(parseFraction("autoscale.scaleDownAt", v)));
        PROPERTY_SETTERS.put("autoscale.cooldown", (b, v) -> b.autoscaleCooldown(Durations.parse("autoscale.cooldown", v)));
        PROPERTY_SETTERS.put("autoscale.interval", (b, v) -> b.autoscaleInterval(Durations.parse("autoscale.interval", v)));
        PROPERTY_SETTERS.put("registerMbeans", (b, v) -> b.registerMbeans(parseBoolean("registerMbeans", v)));
        PROPERTY_SETTERS.put("credentialsProvider", (b, v) -> b.credentialsProvider(instantiateProvider(v)));
        PROPERTY_SETTERS.put("defaultQueryTimeout",
                (b, v) -> b.defaultQueryTimeout(Durations.parse("defaultQueryTimeout", v)));
    }

    private static int parseInt(String field, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a whole number; was '" + value + "'");
        }
    }

    /** A fraction written as {@code 0.2} or {@code 20%}. */
    private static double parseFraction(String field, String value) {
        try {
            return value.endsWith("%") ? Double.parseDouble(value.substring(0, value.length() - 1).trim()) / 100
                    : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a fraction such as 0.8 or a percentage such as 80%;"
                    + " was '" + value + "'");
        }
    }

    private static CredentialsProvider instantiateProvider(String className) {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(className, true, loader != null ? loader : PoolConfig.class.getClassLoader());
            if (!CredentialsProvider.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("credentialsProvider '" + className + "' does not implement "
                        + CredentialsProvider.class.getName());
            }
            return (CredentialsProvider) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("credentialsProvider '" + className + "' could not be loaded:"
                    + " is it on the classpath?");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("credentialsProvider '" + className
                    + "' could not be created: it needs a public no-argument constructor (" + e + ")");
        }
    }

    private static boolean parseBoolean(String field, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new IllegalArgumentException(field + " must be true or false; was '" + value + "'");
        }
    }

    static int parseIsolation(String value) {
        String name = value.toUpperCase(Locale.ROOT);
        if (name.startsWith("TRANSACTION_")) {
            name = name.substring("TRANSACTION_".length());
        }
        switch (name) {
            case "NONE": return Connection.TRANSACTION_NONE;
            case "READ_UNCOMMITTED": return Connection.TRANSACTION_READ_UNCOMMITTED;
            case "READ_COMMITTED": return Connection.TRANSACTION_READ_COMMITTED;
            case "REPEATABLE_READ": return Connection.TRANSACTION_REPEATABLE_READ;
            case "SERIALIZABLE": return Connection.TRANSACTION_SERIALIZABLE;
            default:
                try {
                    return Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("transactionIsolation must be one of TRANSACTION_NONE,"
                            + " TRANSACTION_READ_UNCOMMITTED, TRANSACTION_READ_COMMITTED,"
                            + " TRANSACTION_REPEATABLE_READ, TRANSACTION_SERIALIZABLE; was '" + value + "'");
                }
        }
    }

    static String isolationName(int level) {
        switch (level) {
            case Connection.TRANSACTION_NONE: return "TRANSACTION_NONE";
            case Connection.TRANSACTION_READ_UNCOMMITTED: return "TRANSACTION_READ_UNCOMMITTED";
            case Connection.TRANSACTION_READ_COMMITTED: return "TRANSACTION_READ_COMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ: return "TRANSACTION_REPEATABLE_READ";
            case Connection.TRANSACTION_SERIALIZABLE: return "TRANSACTION_SERIALIZABLE";
            default: return "driver default";
        }
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
                .append(", transactionIsolation=").append(isolationName(transactionIsolation))
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
        s.append('}');
        return s.toString();
    }

    /** Collects settings; {@link #build()} checks them all and returns the immutable configuration. */
    public static final class Builder {
        private String jdbcUrl;
        private String username;
        private String password;
        private String driverClassName;
        private DataSource dataSource;
        private final Properties dataSourceProperties = new Properties();
        private String poolName;
        private int maximumPoolSize = 10;
        private Integer minimumIdle;
        private Duration connectionTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration keepaliveTime = Duration.ofMinutes(2);
        private Duration validationTimeout = Duration.ofSeconds(5);
        private String connectionTestQuery;
        private String connectionInitSql;
        private Duration initializationFailTimeout = Duration.ofMillis(1);
        private boolean autoCommit = true;
        private boolean readOnly;
        private int transactionIsolation = DRIVER_DEFAULT_ISOLATION;
        private String catalog;
        private String schema;
        private Duration leakDetectionThreshold = Duration.ZERO;
        private int maxRetries = 3;
        private Duration retryBackoff = Duration.ofMillis(10);
        private Duration retryBackoffMax = Duration.ofSeconds(5);
        private boolean validateOnReturn;
        private Duration aliveBypassWindow = Duration.ofMillis(500);
        private Duration housekeepingPeriod = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private Duration leakReclaimThreshold = Duration.ZERO;
        private boolean circuitBreakerEnabled = true;
        private int circuitBreakerFailureThreshold = 5;
        private Duration circuitBreakerOpenDuration = Duration.ofSeconds(10);
        private boolean autoscaleEnabled;
        private double autoscaleStep = 0.2;
        private Duration autoscaleWindow = Duration.ofSeconds(30);
        private double autoscaleScaleUpAt = 0.8;
        private double autoscaleScaleDownAt = 0.5;
        private Duration autoscaleCooldown = Duration.ofSeconds(60);
        private Duration autoscaleInterval = Duration.ofSeconds(5);
        private boolean registerMbeans;
        private CredentialsProvider credentialsProvider;
        private Duration defaultQueryTimeout = Duration.ZERO;
        private final List<PoolListener> listeners = new ArrayList<>();

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
        public Builder credentialsProvider(CredentialsProvider provider) { this.credentialsProvider = provider; return this; }
        public Builder defaultQueryTimeout(Duration timeout) { this.defaultQueryTimeout = timeout; return this; }
        /** Adds a listener; may be called more than once. */
        public Builder listener(PoolListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public PoolConfig build() {
            if (dataSource == null) {
                if (jdbcUrl == null || jdbcUrl.isBlank()) {
                    throw new IllegalArgumentException("jdbcUrl is required (e.g. jdbc:sqlite:app.db), or set a dataSource");
                }
                if (!jdbcUrl.startsWith("jdbc:")) {
                    throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:'; was '" + Secrets.maskUrl(jdbcUrl) + "'");
                }
            } else if (jdbcUrl != null) {
                throw new IllegalArgumentException("set either jdbcUrl or dataSource, not both");
            }
            if (driverClassName != null) {
                if (dataSource != null) {
                    throw new IllegalArgumentException("driverClassName goes with jdbcUrl, not with dataSource");
                }
                checkDriverLoads(driverClassName);
            }
            if (poolName != null && !POOL_NAME.matcher(poolName).matches()) {
                throw new IllegalArgumentException("poolName must be 1 to 64 characters of letters, digits, '.', '_'"
                        + " or '-'; was '" + poolName + "'");
            }
            if (maximumPoolSize < 1 || maximumPoolSize > MAX_POOL_SIZE_LIMIT) {
                throw new IllegalArgumentException("maximumPoolSize must be between 1 and " + MAX_POOL_SIZE_LIMIT
                        + "; was " + maximumPoolSize);
            }
            if (minimumIdle != null && (minimumIdle < 0 || minimumIdle > maximumPoolSize)) {
                throw new IllegalArgumentException("minimumIdle must be between 0 and maximumPoolSize ("
                        + maximumPoolSize + "); was " + minimumIdle);
            }
            positive("connectionTimeout", connectionTimeout);
            positive("validationTimeout", validationTimeout);
            positive("retryBackoff", retryBackoff);
            positive("retryBackoffMax", retryBackoffMax);
            positive("housekeepingPeriod", housekeepingPeriod);
            positive("shutdownTimeout", shutdownTimeout);
            zeroOrPositive("idleTimeout", idleTimeout, "0 = never retire idle connections");
            zeroOrPositive("maxLifetime", maxLifetime, "0 = no lifetime limit");
            zeroOrPositive("keepaliveTime", keepaliveTime, "0 = no keepalive");
            zeroOrPositive("leakDetectionThreshold", leakDetectionThreshold, "0 = off");
            zeroOrPositive("aliveBypassWindow", aliveBypassWindow, "0 = validate on every borrow");
            Objects.requireNonNull(initializationFailTimeout, "initializationFailTimeout");
            if (retryBackoffMax.compareTo(retryBackoff) < 0) {
                throw new IllegalArgumentException("retryBackoffMax must be at least retryBackoff ("
                        + Durations.format(retryBackoff) + "); was " + Durations.format(retryBackoffMax));
            }
            if (maxRetries < 0 || maxRetries > 100) {
                throw new IllegalArgumentException("maxRetries must be between 0 and 100; was " + maxRetries);
            }
            if (transactionIsolation != DRIVER_DEFAULT_ISOLATION && transactionIsolation != Connection.TRANSACTION_NONE
                    && transactionIsolation != Connection.TRANSACTION_READ_UNCOMMITTED
                    && transactionIsolation != Connection.TRANSACTION_READ_COMMITTED
                    && transactionIsolation != Connection.TRANSACTION_REPEATABLE_READ
                    && transactionIsolation != Connection.TRANSACTION_SERIALIZABLE) {
                throw new IllegalArgumentException("transactionIsolation must be one of the Connection.TRANSACTION_*"
                        + " levels (0, 1, 2, 4, 8) or -1 for the driver's default; was " + transactionIsolation);
            }
            checkResilience();
            blankIsUnset();
            return new PoolConfig(this);
        }

        private void checkResilience() {
            zeroOrPositive("leakReclaimThreshold", leakReclaimThreshold, "0 = off");
            if (!leakReclaimThreshold.isZero()) {
                if (leakDetectionThreshold.isZero()) {
                    throw new IllegalArgumentException("leakReclaimThreshold needs leakDetectionThreshold to be set"
                            + " (reclaim is the step after detection); was leakDetectionThreshold=0");
                }
                if (leakReclaimThreshold.compareTo(leakDetectionThreshold) < 0) {
                    throw new IllegalArgumentException("leakReclaimThreshold must be at least leakDetectionThreshold ("
                            + Durations.format(leakDetectionThreshold) + "); was " + Durations.format(leakReclaimThreshold));
                }
            }
            if (circuitBreakerFailureThreshold < 1 || circuitBreakerFailureThreshold > 10_000) {
                throw new IllegalArgumentException("circuitBreaker.failureThreshold must be between 1 and 10000; was "
                        + circuitBreakerFailureThreshold);
            }
            positive("circuitBreaker.openDuration", circuitBreakerOpenDuration);
            fraction("autoscale.step", autoscaleStep, false);
            fraction("autoscale.scaleUpAt", autoscaleScaleUpAt, false);
            fraction("autoscale.scaleDownAt", autoscaleScaleDownAt, true);
            if (autoscaleScaleDownAt >= autoscaleScaleUpAt) {
                throw new IllegalArgumentException("autoscale.scaleDownAt must be below autoscale.scaleUpAt ("
                        + autoscaleScaleUpAt + "); was " + autoscaleScaleDownAt);
            }
            positive("autoscale.interval", autoscaleInterval);
            positive("autoscale.window", autoscaleWindow);
            zeroOrPositive("autoscale.cooldown", autoscaleCooldown, "0 = shrink as soon as the window allows");
            if (autoscaleWindow.compareTo(autoscaleInterval) < 0) {
                throw new IllegalArgumentException("autoscale.window must be at least autoscale.interval ("
                        + Durations.format(autoscaleInterval) + "); was " + Durations.format(autoscaleWindow));
            }
            if (credentialsProvider != null && (username != null || password != null)) {
                throw new IllegalArgumentException("set either username/password or credentialsProvider, not both");
            }
            zeroOrPositive("defaultQueryTimeout", defaultQueryTimeout, "0 = no timeout");
            if (defaultQueryTimeout.getSeconds() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("defaultQueryTimeout must be at most " + Integer.MAX_VALUE
                        + " seconds; was " + Durations.format(defaultQueryTimeout));
            }
        }

        private static void fraction(String field, double value, boolean zeroAllowed) {
            boolean ok = !Double.isNaN(value) && value <= 1 && (zeroAllowed ? value >= 0 : value > 0);
            if (!ok) {
                throw new IllegalArgumentException(field + " must be " + (zeroAllowed ? "between 0" : "above 0")
                        + " and at most 1 (or 100%); was " + value);
            }
        }

        private void blankIsUnset() {
            if (connectionTestQuery != null && connectionTestQuery.isBlank()) {
                connectionTestQuery = null;
            }
            if (connectionInitSql != null && connectionInitSql.isBlank()) {
                connectionInitSql = null;
            }
        }

        private static void checkDriverLoads(String className) {
            try {
                Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader() : PoolConfig.class.getClassLoader());
                if (!java.sql.Driver.class.isAssignableFrom(type)) {
                    throw new IllegalArgumentException("driverClassName '" + className + "' is not a java.sql.Driver");
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("driverClassName '" + className
                        + "' could not be loaded: is the driver jar on the classpath?");
            }
        }

        private static void positive(String field, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be a positive duration; was "
                        + (value == null ? "null" : Durations.format(value)));
            }
        }

        private static void zeroOrPositive(String field, Duration value, String zeroMeaning) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(field + " must be 0 or a positive duration (" + zeroMeaning
                        + "); was " + (value == null ? "null" : Durations.format(value)));
            }
        }
    }
}
