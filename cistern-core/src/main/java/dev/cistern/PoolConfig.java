package dev.cistern;

import dev.cistern.settings.Kind;
import dev.cistern.settings.Setting;
import static dev.cistern.Settings.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The immutable configuration of one pool. Built with {@link #builder()}, read from properties with
 * {@link #fromProperties(Properties)} or from a file with {@link #fromFile(Path)}, using HikariCP's property
 * names wherever the concept is the same, so that existing files move over unchanged. Every value is checked
 * when built; a bad one is an {@link InvalidSettingException} naming the setting, the value and the allowed
 * range. The settings, their defaults and ranges are declared once, in {@link Settings}; the methods here are
 * typed one-liners over that table.
 */
public final class PoolConfig {
    /** The isolation value meaning "whatever the driver gives a new connection". */
    public static final int DRIVER_DEFAULT_ISOLATION = Kind.DRIVER_DEFAULT_ISOLATION;

    private final Object[] values;

    private PoolConfig(Object[] values) {
        this.values = values;
    }

    /** {@return a builder with every setting at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this configuration's values, to derive a changed copy} */
    public Builder toBuilder() {
        Builder builder = new Builder();
        for (Setting<?> setting : Settings.all()) {
            builder.copyFrom(setting, this);
        }
        return builder;
    }

    /**
     * Reads a configuration from properties with HikariCP's names ({@code jdbcUrl}, {@code maximumPoolSize},
     * ...); {@code dataSource.X} entries become driver properties. Durations take milliseconds or a unit
     * ({@code 30s}, {@code 5m}). An unknown name is an error naming the closest known one, so that a typo does
     * not pass silently.
     *
     * @param properties the settings by name
     * @return the checked configuration
     * @throws IllegalArgumentException naming the property, the value and the range, for a bad setting
     */
    public static PoolConfig fromProperties(Properties properties) {
        return builder(SettingsText.read(properties)).build();
    }

    /** {@return a builder holding these values as if given to it (nothing derived yet, so later changes derive afresh)} */
    static Builder builder(Map<Setting<?>, Object> given) {
        Builder builder = new Builder();
        given.forEach((setting, value) -> builder.given[setting.index] = value);
        return builder;
    }

    /**
     * Reads a configuration from a properties file, as HikariCP's {@code new HikariConfig(fileName)} does.
     *
     * @param file a properties file (ISO 8859-1, as {@link Properties#load(java.io.InputStream)} reads it)
     * @return the checked configuration
     * @throws IllegalArgumentException for a missing or unreadable file, naming it, or for a bad setting
     */
    public static PoolConfig fromFile(Path file) {
        return fromProperties(SettingsText.load(file));
    }

    /** {@return the largest {@code maximumPoolSize} accepted} */
    public static int maximumPoolSizeLimit() {
        return MAX_POOL_SIZE_LIMIT;
    }

    /** {@return the property names {@link #fromProperties} understands (besides {@code dataSource.*})} */
    public static Set<String> propertyNames() {
        return SettingsText.names();
    }

    /**
     * {@return null when {@code name} is a property {@link #fromProperties} takes (in any spelling it accepts),
     * otherwise one line naming it and the closest known property}
     *
     * @param name a property name as written
     */
    public static String unknownPropertyProblem(String name) {
        return SettingsText.unknownProblem(name);
    }

    /**
     * {@return the documented key of the setting a property name sets, in any spelling {@link #fromProperties}
     * accepts ({@code maximum-pool-size} gives {@code maximumPoolSize}, as {@link InvalidSettingException#setting()}
     * names it); null for driver properties and unknown names}
     *
     * @param name a property name as written
     */
    public static String propertyKey(String name) {
        return SettingsText.keyOf(name);
    }

    @SuppressWarnings("unchecked")
    <T> T get(Setting<T> setting) {
        return (T) values[setting.index];
    }

    /** {@return the pool's name, in logs, thread names, metrics and JMX} */
    public String poolName() { return get(POOL_NAME); }
    /** {@return the most physical connections the pool holds, lent and idle together} */
    public int maximumPoolSize() { return get(MAXIMUM_POOL_SIZE); }
    /** {@return the idle connections the pool keeps ready (the maximum by default: a fixed-size pool)} */
    public int minimumIdle() { return get(MINIMUM_IDLE); }
    /** {@return the JDBC URL connections are opened with; passwords in it are masked wherever Cistern prints it} */
    public String jdbcUrl() { return get(JDBC_URL); }
    /** {@return the database user; null when none is given (or a credentials provider is used)} */
    public String username() { return get(USERNAME); }
    /** {@return the password; never logged, nor shown in toString(), exceptions or stats} */
    public String password() { return get(PASSWORD); }
    /** {@return the java.sql.Driver class to load for the URL; null to let DriverManager find one} */
    public String driverClassName() { return get(DRIVER_CLASS_NAME); }
    /** {@return a copy of the properties for the driver, or for dataSourceClassName's setters} */
    public Properties dataSourceProperties() { return Kind.DRIVER_PROPERTIES.copy(get(DATA_SOURCE_PROPERTIES)); }
    /** {@return a DataSource to take physical connections from instead of a JDBC URL (builder only)} */
    public DataSource dataSource() { return get(DATA_SOURCE); }
    /** {@return asked for a username and password at every connection attempt (rotating tokens); excludes username/password} */
    public CredentialsProvider credentialsProvider() { return get(CREDENTIALS_PROVIDER); }
    /** {@return the longest a getConnection() takes in all, whatever it spends the time on} */
    public Duration connectionTimeout() { return get(CONNECTION_TIMEOUT); }
    /** {@return how many times a failed connection attempt is retried, with backoff} */
    public int maxRetries() { return get(MAX_RETRIES); }
    /** {@return the pause before the first retry; each later one doubles it, with jitter} */
    public Duration retryBackoff() { return get(RETRY_BACKOFF); }
    /** {@return the longest pause between retries} */
    public Duration retryBackoffMax() { return get(RETRY_BACKOFF_MAX); }
    /** {@return the most connections the pool opens per second once it holds its first minimumIdle, so that a fleet coming back from an outage does not reconnect all at once; 0 = no limit} */
    public int connectionCreationRate() { return get(CONNECTION_CREATION_RATE); }
    /** {@return start-up: &gt; 0 fail after this long without a connection, 0 start anyway, &lt; 0 open nothing} */
    public Duration initializationFailTimeout() { return get(INITIALIZATION_FAIL_TIMEOUT); }
    /** {@return the query timeout every statement the pool hands out gets (whole seconds, rounded up); 0 = none} */
    public Duration defaultQueryTimeout() { return get(DEFAULT_QUERY_TIMEOUT); }
    /** {@return what stands between the pool and the database: NONE, or a TRANSACTION-mode pooler (docs/poolers.md)} */
    public PoolerMode poolerMode() { return get(POOLER_MODE); }
    /** {@return which server the connections must be on: any, primary (takes writes) or replica; each new connection's server is asked once (docs/failover.md)} */
    public RequiredRole role() { return get(ROLE); }
    /** {@return whether borrowers fail fast while the database is unreachable} */
    public boolean circuitBreakerEnabled() { return get(CIRCUIT_BREAKER_ENABLED); }
    /** {@return the failed connection attempts in a row that open the circuit} */
    public int circuitBreakerFailureThreshold() { return get(CIRCUIT_BREAKER_FAILURE_THRESHOLD); }
    /** {@return how long the circuit stays open before one probe connection is tried} */
    public Duration circuitBreakerOpenDuration() { return get(CIRCUIT_BREAKER_OPEN_DURATION); }
    /** {@return whether the autoscaler moves the effective maximum between the bounds} */
    public boolean autoscaleEnabled() { return get(AUTOSCALE_ENABLED); }
    /** {@return the fraction of maximumPoolSize one decision grows or shrinks by (at least 1 connection)} */
    public double autoscaleStep() { return get(AUTOSCALE_STEP); }
    /** {@return the utilization, from 0 to 1, above which the autoscaler grows the pool} */
    public double autoscaleScaleUpAt() { return get(AUTOSCALE_SCALE_UP_AT); }
    /** {@return the utilization, from 0 to 1, below which the autoscaler shrinks the pool} */
    public double autoscaleScaleDownAt() { return get(AUTOSCALE_SCALE_DOWN_AT); }
    /** {@return the span of samples one autoscaler decision looks at} */
    public Duration autoscaleWindow() { return get(AUTOSCALE_WINDOW); }
    /** {@return how long utilization must stay low before each shrink (and after a grow)} */
    public Duration autoscaleCooldown() { return get(AUTOSCALE_COOLDOWN); }
    /** {@return the least time between two autoscaler decisions} */
    public Duration autoscaleInterval() { return get(AUTOSCALE_INTERVAL); }
    /** {@return whether the pool registers its JMX MXBean dev.cistern:type=Pool,name=&lt;poolName&gt;} */
    public boolean registerMbeans() { return get(REGISTER_MBEANS); }
    /** {@return callbacks told of the pool's events, in the order added (builder only: listener(...))} */
    public List<PoolListener> listeners() { return get(LISTENERS); }
    /** {@return what overrides the pool's decision that an error broke a connection; null for none} */
    public SQLExceptionOverride exceptionOverride() { return get(EXCEPTION_OVERRIDE); }
    /** {@return whether suspend() is allowed (false makes it throw, as HikariCP's default does)} */
    public boolean allowPoolSuspension() { return get(ALLOW_POOL_SUSPENSION); }
    /** {@return whether wait, use and creation times are recorded as histograms (see PoolStats.waitTime())} */
    public boolean metricsLatency() { return get(METRICS_LATENCY); }
    /** {@return the span of the recent figures in PoolStats: latency percentiles, borrows per second, recent timeouts} */
    public Duration metricsWindow() { return get(METRICS_WINDOW); }
    /** {@return how long a connection above minimumIdle may sit idle before it is closed} */
    public Duration idleTimeout() { return get(IDLE_TIMEOUT); }
    /** {@return the longest a physical connection lives (less up to maxLifetimeVariance, at random)} */
    public Duration maxLifetime() { return get(MAX_LIFETIME); }
    /** {@return how much shorter than maxLifetime a connection may live, at random, so that connections opened together do not all retire together} */
    public double maxLifetimeVariance() { return get(MAX_LIFETIME_VARIANCE); }
    /** {@return how long an idle connection may go unused and unchecked before the housekeeper checks it} */
    public Duration keepaliveTime() { return get(KEEPALIVE_TIME); }
    /** {@return the longest one check of a connection may take} */
    public Duration validationTimeout() { return get(VALIDATION_TIMEOUT); }
    /** {@return the query that checks a connection; none to use Connection.isValid (only for drivers whose isValid is unreliable)} */
    public String connectionTestQuery() { return get(CONNECTION_TEST_QUERY); }
    /** {@return how recently a connection must have been seen working to be lent without a check} */
    public Duration aliveBypassWindow() { return get(ALIVE_BYPASS_WINDOW); }
    /** {@return whether a connection is also checked when it is given back (one round trip per return)} */
    public boolean validateOnReturn() { return get(VALIDATE_ON_RETURN); }
    /** {@return how often the housekeeper retires idle and expired connections, runs keepalives and refills} */
    public Duration housekeepingPeriod() { return get(HOUSEKEEPING_PERIOD); }
    /** {@return how long a borrow may last before it is reported as a leak, with the borrower's stack} */
    public Duration leakDetectionThreshold() { return get(LEAK_DETECTION_THRESHOLD); }
    /** {@return how long a borrow may last before the pool takes the connection back} */
    public Duration leakReclaimThreshold() { return get(LEAK_RECLAIM_THRESHOLD); }
    /** {@return the autocommit mode connections are lent in} */
    public boolean autoCommit() { return get(AUTO_COMMIT); }
    /** {@return whether connections are lent read-only} */
    public boolean readOnly() { return get(READ_ONLY); }
    /** {@return the isolation level connections are lent in} */
    public int transactionIsolation() { return get(TRANSACTION_ISOLATION); }
    /** {@return the catalog connections are lent in; none for the driver's} */
    public String catalog() { return get(CATALOG); }
    /** {@return the schema connections are lent in; none for the driver's} */
    public String schema() { return get(SCHEMA); }
    /** {@return SQL run once on every new connection} */
    public String connectionInitSql() { return get(CONNECTION_INIT_SQL); }
    /** {@return the fleet this pool is a member of: every instance of a service with the same name shares the server's connections fairly (docs/fleet.md); none = no budget} */
    public String fleetName() { return get(FLEET_NAME); }
    /** {@return the server's connections the fleet leaves free for administrators, migrations and other clients} */
    public int fleetHeadroom() { return get(FLEET_HEADROOM); }
    /** {@return the fewest connections a member may hold, whatever its fair share} */
    public int fleetFloor() { return get(FLEET_FLOOR); }
    /** {@return how often a member reads the server's capacity and the fleet's members, give or take 10 %} */
    public Duration fleetRefreshInterval() { return get(FLEET_REFRESH_INTERVAL); }
    /** {@return the budget of connections this pool shares with other pools of this JVM that name it (many pools to one server, docs/fleet.md); none = no budget} */
    public String budgetName() { return get(BUDGET_NAME); }
    /** {@return how many connections the pools of the budget may hold together; every pool of one budget gives the same number} */
    public int budgetConnections() { return get(BUDGET_CONNECTIONS); }
    /** {@return how long close() waits for borrowed connections before it aborts them} */
    public Duration shutdownTimeout() { return get(SHUTDOWN_TIMEOUT); }

    /** Every setting, in the table's order; secrets masked, URLs scrubbed, objects by their class. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("PoolConfig{");
        for (Setting<?> setting : Settings.all()) {
            if (!setting.isInputOnly()) {
                s.append(s.length() > 11 ? ", " : "").append(setting.key.replace(".<name>", "Properties")).append('=').append(shown(setting));
            }
        }
        return s.append('}').toString();
    }

    private <T> String shown(Setting<T> setting) {
        return setting.kind.format(get(setting));
    }

    /**
     * Collects settings; {@link #build()} checks them all and returns the immutable configuration. Each method
     * sets the setting of its name (dots dropped: {@code circuitBreaker.enabled} is {@code circuitBreakerEnabled}),
     * whose meaning is on the {@link PoolConfig} accessor of that name and in docs/configuration.md;
     * {@code dataSourceClassName} and {@code dataSourceJNDI} become {@link PoolConfig#dataSource()} when built.
     */
    @SuppressWarnings("doclint:missing")
    public static final class Builder {
        private final Object[] given = new Object[Settings.all().size()];

        private Builder() {
            Arrays.fill(given, SettingTies.UNSET);
        }

        <T> Builder set(Setting<T> setting, T value) {
            given[setting.index] = value;
            return this;
        }

        /** The value as given, or the default when none was. */
        @SuppressWarnings("unchecked")
        <T> T given(Setting<T> setting) {
            Object value = given[setting.index];
            return value == SettingTies.UNSET ? setting.defaultValue : (T) value;
        }

        private <T> void copyFrom(Setting<T> setting, PoolConfig config) {
            given[setting.index] = setting.kind.copy(config.get(setting));
        }

        private <T> T editable(Setting<T> setting) {
            T copy = setting.kind.copy(given(setting));
            given[setting.index] = copy;
            return copy;
        }

        public Builder poolName(String value) { return set(POOL_NAME, value); }
        public Builder maximumPoolSize(int value) { return set(MAXIMUM_POOL_SIZE, value); }
        public Builder minimumIdle(int value) { return set(MINIMUM_IDLE, value); }
        public Builder jdbcUrl(String value) { return set(JDBC_URL, value); }
        public Builder username(String value) { return set(USERNAME, value); }
        public Builder password(String value) { return set(PASSWORD, value); }
        public Builder driverClassName(String value) { return set(DRIVER_CLASS_NAME, value); }
        public Builder dataSourceClassName(String value) { return set(DATA_SOURCE_CLASS_NAME, value); }
        public Builder dataSourceJNDI(String value) { return set(DATA_SOURCE_JNDI, value); }
        public Builder dataSource(DataSource value) { return set(DATA_SOURCE, value); }
        public Builder credentialsProvider(CredentialsProvider value) { return set(CREDENTIALS_PROVIDER, value); }
        public Builder connectionTimeout(Duration value) { return set(CONNECTION_TIMEOUT, value); }
        public Builder maxRetries(int value) { return set(MAX_RETRIES, value); }
        public Builder retryBackoff(Duration value) { return set(RETRY_BACKOFF, value); }
        public Builder retryBackoffMax(Duration value) { return set(RETRY_BACKOFF_MAX, value); }
        public Builder connectionCreationRate(int value) { return set(CONNECTION_CREATION_RATE, value); }
        public Builder initializationFailTimeout(Duration value) { return set(INITIALIZATION_FAIL_TIMEOUT, value); }
        public Builder defaultQueryTimeout(Duration value) { return set(DEFAULT_QUERY_TIMEOUT, value); }
        public Builder poolerMode(PoolerMode value) { return set(POOLER_MODE, value); }
        public Builder role(RequiredRole value) { return set(ROLE, value); }
        public Builder circuitBreakerEnabled(boolean value) { return set(CIRCUIT_BREAKER_ENABLED, value); }
        public Builder circuitBreakerFailureThreshold(int value) { return set(CIRCUIT_BREAKER_FAILURE_THRESHOLD, value); }
        public Builder circuitBreakerOpenDuration(Duration value) { return set(CIRCUIT_BREAKER_OPEN_DURATION, value); }
        public Builder autoscaleEnabled(boolean value) { return set(AUTOSCALE_ENABLED, value); }
        public Builder autoscaleStep(double value) { return set(AUTOSCALE_STEP, value); }
        public Builder autoscaleScaleUpAt(double value) { return set(AUTOSCALE_SCALE_UP_AT, value); }
        public Builder autoscaleScaleDownAt(double value) { return set(AUTOSCALE_SCALE_DOWN_AT, value); }
        public Builder autoscaleWindow(Duration value) { return set(AUTOSCALE_WINDOW, value); }
        public Builder autoscaleCooldown(Duration value) { return set(AUTOSCALE_COOLDOWN, value); }
        public Builder autoscaleInterval(Duration value) { return set(AUTOSCALE_INTERVAL, value); }
        public Builder registerMbeans(boolean value) { return set(REGISTER_MBEANS, value); }
        public Builder exceptionOverride(SQLExceptionOverride value) { return set(EXCEPTION_OVERRIDE, value); }
        public Builder allowPoolSuspension(boolean value) { return set(ALLOW_POOL_SUSPENSION, value); }
        public Builder metricsLatency(boolean value) { return set(METRICS_LATENCY, value); }
        public Builder metricsWindow(Duration value) { return set(METRICS_WINDOW, value); }
        public Builder idleTimeout(Duration value) { return set(IDLE_TIMEOUT, value); }
        public Builder maxLifetime(Duration value) { return set(MAX_LIFETIME, value); }
        public Builder maxLifetimeVariance(double value) { return set(MAX_LIFETIME_VARIANCE, value); }
        public Builder keepaliveTime(Duration value) { return set(KEEPALIVE_TIME, value); }
        public Builder validationTimeout(Duration value) { return set(VALIDATION_TIMEOUT, value); }
        public Builder connectionTestQuery(String value) { return set(CONNECTION_TEST_QUERY, value); }
        public Builder aliveBypassWindow(Duration value) { return set(ALIVE_BYPASS_WINDOW, value); }
        public Builder validateOnReturn(boolean value) { return set(VALIDATE_ON_RETURN, value); }
        public Builder housekeepingPeriod(Duration value) { return set(HOUSEKEEPING_PERIOD, value); }
        public Builder leakDetectionThreshold(Duration value) { return set(LEAK_DETECTION_THRESHOLD, value); }
        public Builder leakReclaimThreshold(Duration value) { return set(LEAK_RECLAIM_THRESHOLD, value); }
        public Builder autoCommit(boolean value) { return set(AUTO_COMMIT, value); }
        public Builder readOnly(boolean value) { return set(READ_ONLY, value); }
        public Builder transactionIsolation(int value) { return set(TRANSACTION_ISOLATION, value); }
        public Builder catalog(String value) { return set(CATALOG, value); }
        public Builder schema(String value) { return set(SCHEMA, value); }
        public Builder connectionInitSql(String value) { return set(CONNECTION_INIT_SQL, value); }
        public Builder fleetName(String value) { return set(FLEET_NAME, value); }
        public Builder fleetHeadroom(int value) { return set(FLEET_HEADROOM, value); }
        public Builder fleetFloor(int value) { return set(FLEET_FLOOR, value); }
        public Builder fleetRefreshInterval(Duration value) { return set(FLEET_REFRESH_INTERVAL, value); }
        public Builder budgetName(String value) { return set(BUDGET_NAME, value); }
        public Builder budgetConnections(int value) { return set(BUDGET_CONNECTIONS, value); }
        public Builder shutdownTimeout(Duration value) { return set(SHUTDOWN_TIMEOUT, value); }
        /** Adds these to {@link PoolConfig#dataSourceProperties()}. */
        public Builder dataSourceProperties(Properties properties) {
            properties.stringPropertyNames().forEach(n -> dataSourceProperty(n, properties.getProperty(n)));
            return this;
        }
        /** Adds one of {@link PoolConfig#dataSourceProperties()}. */
        public Builder dataSourceProperty(String name, String value) {
            Properties properties = editable(DATA_SOURCE_PROPERTIES);
            properties.setProperty(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }
        /** Adds one of {@link PoolConfig#listeners()}; may be called more than once. */
        public Builder listener(PoolListener listener) {
            List<PoolListener> listeners = new ArrayList<>(given(LISTENERS));
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return set(LISTENERS, listeners);
        }

        /**
         * Checks every setting and returns the immutable configuration.
         *
         * @return the configuration
         * @throws InvalidSettingException naming the setting, the value and the range, for a bad setting
         */
        public PoolConfig build() {
            return new PoolConfig(SettingTies.resolve(given));
        }
    }
}
