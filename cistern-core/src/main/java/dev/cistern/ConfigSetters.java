package dev.cistern;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The settings {@link PoolConfig.Builder} collects, with a setter for each (each returns the builder, for
 * chaining). A class of its own so that the configuration's values and its builder's setters are not one
 * 900-line file; the fields are package-private so that {@link PoolConfigRules} and {@link PoolConfig} read
 * them directly.
 *
 * @param <B> the builder type the setters return
 */
abstract class ConfigSetters<B extends ConfigSetters<B>> {
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
    int transactionIsolation = PoolConfig.DRIVER_DEFAULT_ISOLATION;
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
    String dataSourceClassName;
    String dataSourceJndiName;
    boolean allowPoolSuspension = true;
    SQLExceptionOverride exceptionOverride;
    boolean metricsLatency;
    Duration metricsWindow = Duration.ofSeconds(60);
    CredentialsProvider credentialsProvider;
    Duration defaultQueryTimeout = Duration.ZERO;
    PoolerMode poolerMode = PoolerMode.NONE;
    final List<PoolListener> listeners = new ArrayList<>();

    /**
     * Sets {@link PoolConfig#jdbcUrl()}.
     *
     * @param jdbcUrl the JDBC URL connections are opened with; null when a {@link PoolConfig#dataSource()} is used
     * @return this builder
     */
    public B jdbcUrl(String jdbcUrl) { this.jdbcUrl = jdbcUrl; return self(); }
    /**
     * Sets {@link PoolConfig#username()}.
     *
     * @param username the database user; null when none is given (or a credentials provider is used)
     * @return this builder
     */
    public B username(String username) { this.username = username; return self(); }
    /**
     * Sets {@link PoolConfig#password()}.
     *
     * @param password the password as configured; never logged or printed by Cistern
     * @return this builder
     */
    public B password(String password) { this.password = password; return self(); }
    /**
     * Sets {@link PoolConfig#driverClassName()}.
     *
     * @param driverClassName the driver class to load for the URL; null to let {@code DriverManager} find one
     * @return this builder
     */
    public B driverClassName(String driverClassName) { this.driverClassName = driverClassName; return self(); }
    /**
     * Sets {@link PoolConfig#dataSource()}.
     *
     * @param dataSource a DataSource to take physical connections from instead of a JDBC URL; null when a URL is
     *        used
     * @return this builder
     */
    public B dataSource(DataSource dataSource) { this.dataSource = dataSource; return self(); }

    /**
     * Takes connections from the {@link DataSource} bound under this JNDI name (looked up when the
     * configuration is built), as HikariCP's {@code dataSourceJNDI} does.
     *
     * @param name the JNDI name, e.g. {@code java:comp/env/jdbc/orders}
     * @return this builder
     */
    public B dataSourceJNDI(String name) {
        this.dataSourceJndiName = name;
        return self();
    }

    /**
     * Takes connections from a new instance of this {@link DataSource} class, configured by the
     * {@code dataSource.*} properties through its setters, as HikariCP's {@code dataSourceClassName} does.
     *
     * @param className a {@code DataSource} class with a public no-argument constructor
     * @return this builder
     */
    public B dataSourceClassName(String className) { this.dataSourceClassName = className; return self(); }

    /**
     * Whether {@code suspend()} is allowed (true by default, unlike HikariCP's false: Cistern's suspension
     * costs nothing while unused).
     *
     * @param allow false to make {@code suspend()} throw, as HikariCP does by default
     * @return this builder
     */
    public B allowPoolSuspension(boolean allow) { this.allowPoolSuspension = allow; return self(); }

    /**
     * Overrides the pool's decision that an error broke a connection (HikariCP's
     * {@code exceptionOverrideClassName}; in a properties file, give the class name).
     *
     * @param override asked about every exception a connection's objects throw; null for none
     * @return this builder
     */
    public B exceptionOverride(SQLExceptionOverride override) { this.exceptionOverride = override; return self(); }
    /**
     * Adds a property for the driver (or the data source).
     *
     * @param name  the property's name
     * @param value its value
     * @return this builder
     */
    public B dataSourceProperty(String name, String value) {
        dataSourceProperties.setProperty(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return self();
    }
    /**
     * Sets {@link PoolConfig#dataSourceProperties()}.
     *
     * @param properties a copy of the properties passed to the driver or data source ({@code dataSource.*})
     * @return this builder
     */
    public B dataSourceProperties(Properties properties) {
        properties.stringPropertyNames().forEach(n -> dataSourceProperties.setProperty(n, properties.getProperty(n)));
        return self();
    }
    /**
     * Sets {@link PoolConfig#poolName()}.
     *
     * @param poolName the pool's name, in logs, thread names, metrics and JMX
     * @return this builder
     */
    public B poolName(String poolName) { this.poolName = poolName; return self(); }
    /**
     * Sets {@link PoolConfig#maximumPoolSize()}.
     *
     * @param maximumPoolSize the most physical connections the pool holds, lent and idle together
     * @return this builder
     */
    public B maximumPoolSize(int maximumPoolSize) { this.maximumPoolSize = maximumPoolSize; return self(); }
    /**
     * Sets {@link PoolConfig#minimumIdle()}.
     *
     * @param minimumIdle the idle connections the pool keeps ready (the maximum by default)
     * @return this builder
     */
    public B minimumIdle(int minimumIdle) { this.minimumIdle = minimumIdle; return self(); }
    /**
     * Sets {@link PoolConfig#connectionTimeout()}.
     *
     * @param connectionTimeout the longest a {@code getConnection()} waits, whatever it spends the time on
     * @return this builder
     */
    public B connectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
        return self();
    }
    /**
     * Sets {@link PoolConfig#idleTimeout()}.
     *
     * @param idleTimeout how long a connection above {@code minimumIdle} may sit idle before it is closed; 0 =
     *        never
     * @return this builder
     */
    public B idleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; return self(); }
    /**
     * Sets {@link PoolConfig#maxLifetime()}.
     *
     * @param maxLifetime the longest a physical connection lives (less up to 2.5 % jitter); 0 = no limit
     * @return this builder
     */
    public B maxLifetime(Duration maxLifetime) { this.maxLifetime = maxLifetime; return self(); }
    /**
     * Sets {@link PoolConfig#keepaliveTime()}.
     *
     * @param keepaliveTime how often an idle connection is checked; 0 = never
     * @return this builder
     */
    public B keepaliveTime(Duration keepaliveTime) { this.keepaliveTime = keepaliveTime; return self(); }
    /**
     * Sets {@link PoolConfig#validationTimeout()}.
     *
     * @param validationTimeout the longest one check of a connection may take (at most {@code connectionTimeout})
     * @return this builder
     */
    public B validationTimeout(Duration validationTimeout) {
        this.validationTimeout = validationTimeout;
        return self();
    }
    /**
     * Sets {@link PoolConfig#connectionTestQuery()}.
     *
     * @param connectionTestQuery the query that checks a connection; null to use {@code Connection.isValid}
     * @return this builder
     */
    public B connectionTestQuery(String connectionTestQuery) {
        this.connectionTestQuery = connectionTestQuery;
        return self();
    }
    /**
     * Sets {@link PoolConfig#connectionInitSql()}.
     *
     * @param connectionInitSql SQL run once on every new connection; null for none
     * @return this builder
     */
    public B connectionInitSql(String connectionInitSql) { this.connectionInitSql = connectionInitSql; return self(); }
    /**
     * Sets {@link PoolConfig#initializationFailTimeout()}.
     *
     * @param initializationFailTimeout how start-up treats an unreachable database: below 0 open nothing, 0 start
     *        anyway, above 0 fail after this long
     * @return this builder
     */
    public B initializationFailTimeout(Duration initializationFailTimeout) {
        this.initializationFailTimeout = initializationFailTimeout;
        return self();
    }
    /**
     * Sets {@link PoolConfig#autoCommit()}.
     *
     * @param autoCommit the autocommit mode connections are lent in
     * @return this builder
     */
    public B autoCommit(boolean autoCommit) { this.autoCommit = autoCommit; return self(); }
    /**
     * Sets {@link PoolConfig#readOnly()}.
     *
     * @param readOnly whether connections are lent read-only
     * @return this builder
     */
    public B readOnly(boolean readOnly) { this.readOnly = readOnly; return self(); }
    /**
     * One of the {@code Connection.TRANSACTION_*} levels, or {@link PoolConfig#DRIVER_DEFAULT_ISOLATION}.
     *
     * @param transactionIsolation the isolation level connections are lent in, or
     *        {@link PoolConfig#DRIVER_DEFAULT_ISOLATION}
     * @return this builder
     */
    public B transactionIsolation(int transactionIsolation) {
        this.transactionIsolation = transactionIsolation;
        return self();
    }
    /**
     * Sets {@link PoolConfig#catalog()}.
     *
     * @param catalog the catalog connections are lent in; null for the driver's
     * @return this builder
     */
    public B catalog(String catalog) { this.catalog = catalog; return self(); }
    /**
     * Sets {@link PoolConfig#schema()}.
     *
     * @param schema the schema connections are lent in; null for the driver's
     * @return this builder
     */
    public B schema(String schema) { this.schema = schema; return self(); }
    /**
     * Sets {@link PoolConfig#leakDetectionThreshold()}.
     *
     * @param leakDetectionThreshold how long a borrow may last before it is reported as a leak; 0 = off
     * @return this builder
     */
    public B leakDetectionThreshold(Duration leakDetectionThreshold) {
        this.leakDetectionThreshold = leakDetectionThreshold;
        return self();
    }
    /**
     * Sets {@link PoolConfig#maxRetries()}.
     *
     * @param maxRetries how many times a failed connection attempt is retried, with backoff
     * @return this builder
     */
    public B maxRetries(int maxRetries) { this.maxRetries = maxRetries; return self(); }
    /**
     * The first retry's backoff; each later retry doubles it, up to {@link PoolConfig#retryBackoffMax()}, with jitter.
     *
     * @param retryBackoff the first retry's delay; later retries double it, with jitter
     * @return this builder
     */
    public B retryBackoff(Duration retryBackoff) { this.retryBackoff = retryBackoff; return self(); }
    /**
     * Sets {@link PoolConfig#retryBackoffMax()}.
     *
     * @param retryBackoffMax the longest delay between retries
     * @return this builder
     */
    public B retryBackoffMax(Duration retryBackoffMax) { this.retryBackoffMax = retryBackoffMax; return self(); }
    /**
     * Sets {@link PoolConfig#validateOnReturn()}.
     *
     * @param validateOnReturn whether a connection is checked when it is given back
     * @return this builder
     */
    public B validateOnReturn(boolean validateOnReturn) { this.validateOnReturn = validateOnReturn; return self(); }
    /**
     * Sets {@link PoolConfig#aliveBypassWindow()}.
     *
     * @param aliveBypassWindow how recently a connection must have been seen working to be lent without a check
     * @return this builder
     */
    public B aliveBypassWindow(Duration aliveBypassWindow) {
        this.aliveBypassWindow = aliveBypassWindow;
        return self();
    }
    /**
     * Sets {@link PoolConfig#housekeepingPeriod()}.
     *
     * @param housekeepingPeriod how often the housekeeper retires idle and expired connections and refills
     * @return this builder
     */
    public B housekeepingPeriod(Duration housekeepingPeriod) {
        this.housekeepingPeriod = housekeepingPeriod;
        return self();
    }
    /**
     * Sets {@link PoolConfig#shutdownTimeout()}.
     *
     * @param shutdownTimeout how long {@code close()} waits for borrowed connections before it aborts them
     * @return this builder
     */
    public B shutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; return self(); }
    /**
     * 0 = off (the default); at least {@code leakDetectionThreshold}, which must then be on.
     *
     * @param leakReclaimThreshold how long a borrow may last before the pool takes the connection back; 0 = off
     * @return this builder
     */
    public B leakReclaimThreshold(Duration leakReclaimThreshold) {
        this.leakReclaimThreshold = leakReclaimThreshold;
        return self();
    }
    /**
     * Sets {@link PoolConfig#circuitBreakerEnabled()}.
     *
     * @param enabled whether the circuit breaker fails borrowers fast while the database is unreachable
     * @return this builder
     */
    public B circuitBreakerEnabled(boolean enabled) { this.circuitBreakerEnabled = enabled; return self(); }
    /**
     * Sets {@link PoolConfig#circuitBreakerFailureThreshold()}.
     *
     * @param failures the failures in a row that open the circuit
     * @return this builder
     */
    public B circuitBreakerFailureThreshold(int failures) {
        this.circuitBreakerFailureThreshold = failures;
        return self();
    }
    /**
     * Sets {@link PoolConfig#circuitBreakerOpenDuration()}.
     *
     * @param openDuration how long the circuit stays open before one probe connection is tried
     * @return this builder
     */
    public B circuitBreakerOpenDuration(Duration openDuration) {
        this.circuitBreakerOpenDuration = openDuration;
        return self();
    }
    /**
     * Sets {@link PoolConfig#autoscaleEnabled()}.
     *
     * @param enabled whether the autoscaler moves the effective maximum between the bounds
     * @return this builder
     */
    public B autoscaleEnabled(boolean enabled) { this.autoscaleEnabled = enabled; return self(); }
    /**
     * A fraction of {@code maximumPoolSize} in (0, 1], e.g. 0.2 for 20 %.
     *
     * @param step the fraction of {@code maximumPoolSize} to grow or shrink by in one decision (at least 1
     *        connection)
     * @return this builder
     */
    public B autoscaleStep(double step) { this.autoscaleStep = step; return self(); }
    /**
     * Sets {@link PoolConfig#autoscaleWindow()}.
     *
     * @param window the span of samples one autoscaler decision looks at
     * @return this builder
     */
    public B autoscaleWindow(Duration window) { this.autoscaleWindow = window; return self(); }
    /**
     * Sets {@link PoolConfig#autoscaleScaleUpAt()}.
     *
     * @param utilization the utilization, from 0 to 1, above which the autoscaler grows the pool
     * @return this builder
     */
    public B autoscaleScaleUpAt(double utilization) { this.autoscaleScaleUpAt = utilization; return self(); }
    /**
     * Sets {@link PoolConfig#autoscaleScaleDownAt()}.
     *
     * @param utilization the utilization, from 0 to 1, below which the autoscaler shrinks the pool
     * @return this builder
     */
    public B autoscaleScaleDownAt(double utilization) { this.autoscaleScaleDownAt = utilization; return self(); }
    /**
     * Sets {@link PoolConfig#autoscaleCooldown()}.
     *
     * @param cooldown how long the autoscaler waits after growing before it may shrink
     * @return this builder
     */
    public B autoscaleCooldown(Duration cooldown) { this.autoscaleCooldown = cooldown; return self(); }
    /**
     * Sets {@link PoolConfig#autoscaleInterval()}.
     *
     * @param interval the least time between two autoscaler decisions
     * @return this builder
     */
    public B autoscaleInterval(Duration interval) { this.autoscaleInterval = interval; return self(); }
    /**
     * Sets {@link PoolConfig#registerMbeans()}.
     *
     * @param register whether the pool registers its JMX MXBean
     * @return this builder
     */
    public B registerMbeans(boolean register) { this.registerMbeans = register; return self(); }
    /**
     * Records wait, use and creation times as histograms (percentiles in {@link PoolStats}). Off by
     * default: it costs about a tenth of a bare borrow and return; docs/observability.md gives the figures.
     * @param record whether wait, use and creation times are recorded as histograms (see {@link
     *        PoolStats#waitTime()})
     * @return this builder
     */
    public B metricsLatency(boolean record) { this.metricsLatency = record; return self(); }
    /**
     * The span of the recent figures in {@link PoolStats}, from 10 s to 1 h; 60 s by default.
     *
     * @param window the span of the recent figures in {@link PoolStats}: latency percentiles, borrows per second,
     *        recent timeouts
     * @return this builder
     */
    public B metricsWindow(Duration window) { this.metricsWindow = window; return self(); }
    /**
     * Sets {@link PoolConfig#credentialsProvider()}.
     *
     * @param provider the provider asked for credentials at every connection attempt; null when the static username
     *        and password are used
     * @return this builder
     */
    public B credentialsProvider(CredentialsProvider provider) { this.credentialsProvider = provider; return self(); }
    /**
     * Sets {@link PoolConfig#defaultQueryTimeout()}.
     *
     * @param timeout the query timeout every statement the pool hands out gets (whole seconds, rounded up); 0 =
     *        none
     * @return this builder
     */
    public B defaultQueryTimeout(Duration timeout) { this.defaultQueryTimeout = timeout; return self(); }
    /**
     * Sets {@link PoolConfig#poolerMode()}.
     *
     * @param mode what stands between the pool and the database (see {@link PoolerMode})
     * @return this builder
     */
    public B poolerMode(PoolerMode mode) { this.poolerMode = mode; return self(); }
    /**
     * Adds a listener; may be called more than once.
     *
     * @param listener told of the pool's events
     * @return this builder
     */
    public B listener(PoolListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return self();
    }

    /** {@return this builder, typed for chaining} */
    abstract B self();
}
