package dev.cistern;

import static dev.cistern.settings.Setting.Range.between;
import static dev.cistern.settings.Setting.Range.fraction;
import static dev.cistern.settings.Setting.Range.positive;
import static dev.cistern.settings.Setting.Range.zeroOrPositive;
import static dev.cistern.settings.Setting.Runtime.CREDENTIALS;
import static dev.cistern.settings.Setting.Runtime.NEXT_USE;
import static dev.cistern.settings.Setting.Runtime.RESIZE;
import static java.time.Duration.ZERO;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import dev.cistern.settings.Kind;
import dev.cistern.settings.Setting;
import dev.cistern.settings.SettingTable;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The settings table: every pool setting, declared once, in the order the docs list them. A new setting is a
 * row here plus its three typed one-liners (builder method, accessor, bean setter); {@code SettingsTableTest}
 * walks the table and fails when any part is missing. Rules that tie two settings together are in
 * {@code SettingTies}.
 */
final class Settings {
    private static final SettingTable TABLE = new SettingTable();

    static final int MAX_POOL_SIZE_LIMIT = 10_000;
    static final Set<Integer> ISOLATION_LEVELS = Set.of(Kind.DRIVER_DEFAULT_ISOLATION,
            Connection.TRANSACTION_NONE, Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
            Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE);

    static { TABLE.section("Size"); }
    static final Setting<String> POOL_NAME = add("poolName", Kind.TEXT, null,
            "the pool's name, in logs, thread names, metrics and JMX").derivedDefault("`cistern-N`");
    static final Setting<Integer> MAXIMUM_POOL_SIZE = add("maximumPoolSize", Kind.WHOLE, 10,
            "the most physical connections the pool holds, lent and idle together")
            .range(between(1, MAX_POOL_SIZE_LIMIT)).runtime(RESIZE);
    static final Setting<Integer> MINIMUM_IDLE = add("minimumIdle", Kind.WHOLE, null,
            "the idle connections the pool keeps ready (the maximum by default: a fixed-size pool)")
            .range(between(0, MAX_POOL_SIZE_LIMIT)).runtime(RESIZE).derivedDefault("= `maximumPoolSize`")
            .ties("a value above `maximumPoolSize` is taken as it, with a warning");

    static { TABLE.section("Where connections come from"); }
    static final Setting<String> JDBC_URL = add("jdbcUrl", Kind.URL, null,
            "the JDBC URL connections are opened with; passwords in it are masked wherever Cistern prints it")
            .ties("starts with `jdbc:`; required unless another source is set");
    static final Setting<String> USERNAME = add("username", Kind.TEXT, null,
            "the database user; null when none is given (or a credentials provider is used)").runtime(CREDENTIALS);
    static final Setting<String> PASSWORD = add("password", Kind.SECRET, null,
            "the password; never logged, nor shown in toString(), exceptions or stats").runtime(CREDENTIALS);
    static final Setting<String> DRIVER_CLASS_NAME = add("driverClassName", Kind.TEXT, null,
            "the java.sql.Driver class to load for the URL; null to let DriverManager find one")
            .ties("a `java.sql.Driver` on the classpath, only with `jdbcUrl`");
    static final Setting<Properties> DATA_SOURCE_PROPERTIES = add("dataSource.<name>", Kind.DRIVER_PROPERTIES,
            new Properties(), "properties for the driver, or for dataSourceClassName's setters")
            .javaName("dataSourceProperties").derivedDefault("none");
    static final Setting<String> DATA_SOURCE_CLASS_NAME = add("dataSourceClassName", Kind.TEXT, null,
            "a javax.sql.DataSource class to make and take connections from, given dataSource.* by its setters")
            .inputOnly()
            .ties("a class with a public no-argument constructor; not with `driverClassName`;"
                    + " wins over `jdbcUrl` (HikariCP's order: `dataSource`, this, `jdbcUrl`, `dataSourceJNDI`)");
    static final Setting<String> DATA_SOURCE_JNDI = add("dataSourceJNDI", Kind.TEXT, null,
            "the JNDI name of a javax.sql.DataSource to take connections from").javaName("dataSourceJNDI").inputOnly()
            .ties("a name bound to a `javax.sql.DataSource`; used only when no other source is set");
    static final Setting<DataSource> DATA_SOURCE = add("dataSource", Kind.DATA_SOURCE, null,
            "a DataSource to take physical connections from instead of a JDBC URL (builder only)");
    static final Setting<CredentialsProvider> CREDENTIALS_PROVIDER = add("credentialsProvider",
            Kind.instanceOf(CredentialsProvider.class), null,
            "asked for a username and password at every connection attempt (rotating tokens); excludes username/password")
            .alias("credentialsProviderClassName")
            .ties("a class with a public no-argument constructor; not with `username`/`password`");

    static final Setting<RequiredRole> ROLE = add("role", Kind.choice(RequiredRole.class), RequiredRole.ANY,
            "which server the connections must be on: any, primary (takes writes) or replica; each new connection's"
            + " server is asked once (docs/failover.md)")
            .range(Setting.Range.oneOf(RequiredRole.class))
            .ties("`PRIMARY` or `REPLICA`: PostgreSQL, MariaDB or MySQL, with `jdbcUrl`");

    static { TABLE.section("Waiting and creating"); }
    static final Setting<Duration> CONNECTION_TIMEOUT = add("connectionTimeout", Kind.DURATION, ofSeconds(30),
            "the longest a getConnection() takes in all, whatever it spends the time on")
            .range(positive()).runtime(NEXT_USE);
    static final Setting<Integer> MAX_RETRIES = add("maxRetries", Kind.WHOLE, 3,
            "how many times a failed connection attempt is retried, with backoff").range(between(0, 100));
    static final Setting<Duration> RETRY_BACKOFF = add("retryBackoff", Kind.DURATION, ofMillis(10),
            "the pause before the first retry; each later one doubles it, with jitter").range(positive());
    static final Setting<Duration> RETRY_BACKOFF_MAX = add("retryBackoffMax", Kind.DURATION, ofSeconds(5),
            "the longest pause between retries").range(positive())
            .ties("≥ `retryBackoff`");
    static final Setting<Integer> CONNECTION_CREATION_RATE = add("connectionCreationRate", Kind.WHOLE, 10,
            "the most connections the pool opens per second once it holds its first minimumIdle, so that a fleet"
            + " coming back from an outage does not reconnect all at once; 0 = no limit").range(between(0, 10_000));
    static final Setting<Duration> INITIALIZATION_FAIL_TIMEOUT = add("initializationFailTimeout", Kind.DURATION,
            ofMillis(1), "start-up: > 0 fail after this long without a connection, 0 start anyway, < 0 open nothing")
            .range(new Setting.Range<>("be a duration", d -> true, "any duration"));
    static final Setting<Duration> DEFAULT_QUERY_TIMEOUT = add("defaultQueryTimeout", Kind.DURATION, ZERO,
            "the query timeout every statement the pool hands out gets (whole seconds, rounded up); 0 = none")
            .range(new Setting.Range<>("be 0 or a positive duration (0 = no timeout) of at most 2147483647 seconds",
                    d -> !d.isNegative() && d.getSeconds() <= Integer.MAX_VALUE, "0 or > 0, ≤ 2³¹−1 s"));
    static final Setting<PoolerMode> POOLER_MODE = add("poolerMode", Kind.choice(PoolerMode.class), PoolerMode.NONE,
            "what stands between the pool and the database: NONE, or a TRANSACTION-mode pooler (docs/poolers.md)")
            .range(Setting.Range.oneOf(PoolerMode.class))
            .ties("`TRANSACTION` refuses `connectionInitSql`, `transactionIsolation`, `schema`, `catalog`");

    static { TABLE.section("Circuit breaker"); }
    static final Setting<Boolean> CIRCUIT_BREAKER_ENABLED = add("circuitBreaker.enabled", Kind.FLAG, true,
            "whether borrowers fail fast while the database is unreachable");
    static final Setting<Integer> CIRCUIT_BREAKER_FAILURE_THRESHOLD = add("circuitBreaker.failureThreshold",
            Kind.WHOLE, 5, "the failed connection attempts in a row that open the circuit").range(between(1, 10_000));
    static final Setting<Duration> CIRCUIT_BREAKER_OPEN_DURATION = add("circuitBreaker.openDuration",
            Kind.DURATION, ofSeconds(10), "how long the circuit stays open before one probe connection is tried")
            .range(positive());

    static { TABLE.section("Autoscaling"); }
    static final Setting<Boolean> AUTOSCALE_ENABLED = add("autoscale.enabled", Kind.FLAG, false,
            "whether the autoscaler moves the effective maximum between the bounds");
    static final Setting<Double> AUTOSCALE_STEP = add("autoscale.step", Kind.FRACTION, 0.2,
            "the fraction of maximumPoolSize one decision grows or shrinks by (at least 1 connection)")
            .range(fraction(false));
    static final Setting<Double> AUTOSCALE_SCALE_UP_AT = add("autoscale.scaleUpAt", Kind.FRACTION, 0.8,
            "the utilization, from 0 to 1, above which the autoscaler grows the pool").range(fraction(false));
    static final Setting<Double> AUTOSCALE_SCALE_DOWN_AT = add("autoscale.scaleDownAt", Kind.FRACTION, 0.5,
            "the utilization, from 0 to 1, below which the autoscaler shrinks the pool").range(fraction(true))
            .ties("< `autoscale.scaleUpAt`");
    static final Setting<Duration> AUTOSCALE_WINDOW = add("autoscale.window", Kind.DURATION, ofSeconds(30),
            "the span of samples one autoscaler decision looks at").range(positive())
            .ties("≥ `autoscale.interval`");
    static final Setting<Duration> AUTOSCALE_COOLDOWN = add("autoscale.cooldown", Kind.DURATION, ofSeconds(60),
            "how long utilization must stay low before each shrink (and after a grow)")
            .range(zeroOrPositive("0 = shrink as soon as the window allows"));
    static final Setting<Duration> AUTOSCALE_INTERVAL = add("autoscale.interval", Kind.DURATION, ofSeconds(5),
            "the least time between two autoscaler decisions").range(positive());

    static { TABLE.section("Operations"); }
    static final Setting<Boolean> REGISTER_MBEANS = add("registerMbeans", Kind.FLAG, false,
            "whether the pool registers its JMX MXBean dev.cistern:type=Pool,name=<poolName>");
    static final Setting<List<PoolListener>> LISTENERS = add("listeners", Kind.<PoolListener>listOf(), List.of(),
            "callbacks told of the pool's events, in the order added (builder only: listener(...))")
            .derivedDefault("none");
    static final Setting<SQLExceptionOverride> EXCEPTION_OVERRIDE = add("exceptionOverrideClassName",
            Kind.instanceOf(SQLExceptionOverride.class), null,
            "what overrides the pool's decision that an error broke a connection; null for none")
            .javaName("exceptionOverride")
            .ties("a `dev.cistern.SQLExceptionOverride` with a public no-argument constructor");
    static final Setting<Boolean> ALLOW_POOL_SUSPENSION = add("allowPoolSuspension", Kind.FLAG, true,
            "whether suspend() is allowed (false makes it throw, as HikariCP's default does)");
    static final Setting<Boolean> METRICS_LATENCY = add("metrics.latency", Kind.FLAG, false,
            "whether wait, use and creation times are recorded as histograms (see PoolStats.waitTime())");
    static final Setting<Duration> METRICS_WINDOW = add("metrics.window", Kind.DURATION, ofSeconds(60),
            "the span of the recent figures in PoolStats: latency percentiles, borrows per second, recent timeouts")
            .range(new Setting.Range<>("be between 10s and 1h",
                    d -> d.compareTo(ofSeconds(10)) >= 0 && d.compareTo(Duration.ofHours(1)) <= 0, "10s to 1h"));

    static { TABLE.section("Keeping connections healthy"); }
    static final Setting<Duration> IDLE_TIMEOUT = add("idleTimeout", Kind.DURATION, ofMinutes(10),
            "how long a connection above minimumIdle may sit idle before it is closed")
            .range(zeroOrPositive("0 = never retire idle connections")).runtime(NEXT_USE);
    static final Setting<Duration> MAX_LIFETIME = add("maxLifetime", Kind.DURATION, ofMinutes(30),
            "the longest a physical connection lives (less up to maxLifetimeVariance, at random)")
            .range(zeroOrPositive("0 = no lifetime limit")).runtime(NEXT_USE);
    static final Setting<Double> MAX_LIFETIME_VARIANCE = add("maxLifetimeVariance", Kind.FRACTION, 0.025,
            "how much shorter than maxLifetime a connection may live, at random, so that connections opened together"
            + " do not all retire together").range(new Setting.Range<>("be between 0 and 0.5 (or 50%)",
                    f -> !f.isNaN() && f >= 0 && f <= 0.5, "[0, 0.5] as `0.1` or `10%`"));
    static final Setting<Duration> KEEPALIVE_TIME = add("keepaliveTime", Kind.DURATION, ofMinutes(2),
            "how long an idle connection may go unused and unchecked before the housekeeper checks it")
            .range(zeroOrPositive("0 = no keepalive")).runtime(NEXT_USE);
    static final Setting<Duration> VALIDATION_TIMEOUT = add("validationTimeout", Kind.DURATION, ofSeconds(5),
            "the longest one check of a connection may take").range(positive()).runtime(NEXT_USE)
            .ties("above `connectionTimeout` is taken as it (a warning when set)");
    static final Setting<String> CONNECTION_TEST_QUERY = add("connectionTestQuery", Kind.TEXT, null,
            "the query that checks a connection; none to use Connection.isValid (only for drivers whose isValid is unreliable)");
    static final Setting<Duration> ALIVE_BYPASS_WINDOW = add("aliveBypassWindow", Kind.DURATION, ofMillis(500),
            "how recently a connection must have been seen working to be lent without a check")
            .range(zeroOrPositive("0 = validate on every borrow"));
    static final Setting<Boolean> VALIDATE_ON_RETURN = add("validateOnReturn", Kind.FLAG, false,
            "whether a connection is also checked when it is given back (one round trip per return)");
    static final Setting<Duration> HOUSEKEEPING_PERIOD = add("housekeepingPeriod", Kind.DURATION, ofSeconds(30),
            "how often the housekeeper retires idle and expired connections, runs keepalives and refills")
            .range(positive());
    static final Setting<Duration> LEAK_DETECTION_THRESHOLD = add("leakDetectionThreshold", Kind.DURATION, ZERO,
            "how long a borrow may last before it is reported as a leak, with the borrower's stack")
            .range(zeroOrPositive("0 = off")).runtime(NEXT_USE);
    static final Setting<Duration> LEAK_RECLAIM_THRESHOLD = add("leakReclaimThreshold", Kind.DURATION, ZERO,
            "how long a borrow may last before the pool takes the connection back")
            .range(zeroOrPositive("0 = off")).runtime(NEXT_USE)
            .ties("≥ `leakDetectionThreshold`, which must then be on");

    static { TABLE.section("Session defaults restored on return"); }
    static final Setting<Boolean> AUTO_COMMIT = add("autoCommit", Kind.FLAG, true,
            "the autocommit mode connections are lent in");
    static final Setting<Boolean> READ_ONLY = add("readOnly", Kind.FLAG, false, "whether connections are lent read-only");
    static final Setting<Integer> TRANSACTION_ISOLATION = add("transactionIsolation", Kind.ISOLATION_LEVEL,
            Kind.DRIVER_DEFAULT_ISOLATION, "the isolation level connections are lent in")
            .range(new Setting.Range<>("be one of the Connection.TRANSACTION_* levels (0, 1, 2, 4, 8) or -1 for the"
                    + " driver's default", ISOLATION_LEVELS::contains, "`TRANSACTION_NONE`, `TRANSACTION_READ_UNCOMMITTED`,"
                    + " `TRANSACTION_READ_COMMITTED`, `TRANSACTION_REPEATABLE_READ`, `TRANSACTION_SERIALIZABLE`"
                    + " (or without `TRANSACTION_`, or the number)"));
    static final Setting<String> CATALOG = add("catalog", Kind.TEXT, null,
            "the catalog connections are lent in; none for the driver's");
    static final Setting<String> SCHEMA = add("schema", Kind.TEXT, null,
            "the schema connections are lent in; none for the driver's");
    static final Setting<String> CONNECTION_INIT_SQL = add("connectionInitSql", Kind.TEXT, null,
            "SQL run once on every new connection");

    static { TABLE.section("Fleet budget"); }
    static final Setting<String> FLEET_NAME = add("fleet.name", Kind.TEXT, null,
            "the fleet this pool is a member of: every instance of a service with the same name shares the server's"
            + " connections fairly (docs/fleet.md); none = no budget")
            .rangeWhenSet(new Setting.Range<>("be 1 to 30 letters, digits, '.', '_' or '-' (it goes into the server's"
                    + " application_name)", n -> n.matches("[A-Za-z0-9._-]{1,30}"), "1–30 of `A-Z a-z 0-9 . _ -`"))
            .ties("PostgreSQL, MariaDB or MySQL (with `performance_schema` on), with `jdbcUrl`; not with an"
                    + " `ApplicationName` or `connectionAttributes` of your own");
    static final Setting<Integer> FLEET_HEADROOM = add("fleet.headroom", Kind.WHOLE, 2,
            "the server's connections the fleet leaves free for administrators, migrations and other clients")
            .range(between(0, MAX_POOL_SIZE_LIMIT));
    static final Setting<Integer> FLEET_FLOOR = add("fleet.floor", Kind.WHOLE, 1,
            "the fewest connections a member may hold, whatever its fair share").range(between(1, MAX_POOL_SIZE_LIMIT))
            .ties("≤ `maximumPoolSize`");
    static final Setting<Duration> FLEET_REFRESH_INTERVAL = add("fleet.refreshInterval", Kind.DURATION, ofSeconds(5),
            "how often a member reads the server's capacity and the fleet's members, give or take 10 %")
            .range(new Setting.Range<>("be at least 100ms", d -> d.compareTo(ofMillis(100)) >= 0, "≥ 100ms"));

    static { TABLE.section("Connection budget"); }
    static final Setting<String> BUDGET_NAME = add("budget.name", Kind.TEXT, null,
            "the budget of connections this pool shares with other pools of this JVM that name it (many pools to"
            + " one server, docs/fleet.md); none = no budget")
            .rangeWhenSet(new Setting.Range<>("be 1 to 60 letters, digits, '.', '_' or '-'",
                    n -> n.matches("[A-Za-z0-9._-]{1,60}"), "1–60 of `A-Z a-z 0-9 . _ -`"))
            .ties("with `budget.connections`");
    static final Setting<Integer> BUDGET_CONNECTIONS = add("budget.connections", Kind.WHOLE, 0,
            "how many connections the pools of the budget may hold together; every pool of one budget gives the"
            + " same number").range(between(0, 100_000)).ties("≥ 1 with `budget.name`; 0 without");

    static { TABLE.section("Shutdown"); }
    static final Setting<Duration> SHUTDOWN_TIMEOUT = add("shutdownTimeout", Kind.DURATION, ofSeconds(10),
            "how long close() waits for borrowed connections before it aborts them").range(positive());

    private Settings() {
    }

    private static <T> Setting<T> add(String key, Kind<T> kind, T defaultValue, String doc) {
        return TABLE.add(key, kind, defaultValue, doc);
    }

    /** {@return every setting, in the table's order} */
    static List<Setting<?>> all() {
        return TABLE.rows();
    }

    /** {@return the table, to look a name up in} */
    static SettingTable table() {
        return TABLE;
    }
}
