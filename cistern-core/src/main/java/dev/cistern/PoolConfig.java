package dev.cistern;

import java.sql.Connection;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
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
    }

    private static int parseInt(String field, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a whole number; was '" + value + "'");
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
                .append('}');
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
            blankIsUnset();
            return new PoolConfig(this);
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
