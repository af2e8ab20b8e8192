package dev.cistern;

import dev.cistern.settings.Kind;
import dev.cistern.settings.Setting;
import static dev.cistern.Settings.*;

import dev.cistern.dialect.DatabaseType;
import dev.cistern.internal.Secrets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every rule of a configuration, in one place: it turns the values a builder was given into the values a
 * {@code PoolConfig} holds. In a fixed order, so that a configuration with several faults always reports the
 * same one: the connection source (HikariCP's order), each setting's own range (from the table), the rules that
 * tie settings together, and the two values adjusted rather than refused, each with one warning naming both
 * values, as HikariCP users expect: a {@code minimumIdle} above {@code maximumPoolSize}, and a
 * {@code validationTimeout} above {@code connectionTimeout} (quietly when it is the default). The builder is
 * never changed: the rules work on a copy.
 */
final class SettingTies {
    private static final Logger log = LoggerFactory.getLogger("dev.cistern.PoolConfig");
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();
    static final Object UNSET = new Object() {
        @Override
        public String toString() {
            return "(default)";
        }
    };

    private SettingTies() {
    }

    /** The given values (UNSET where none was given) as a checked configuration's values. */
    static Object[] resolve(Object[] given) {
        Object[] v = new Object[given.length];
        for (Setting<?> s : Settings.all()) {
            v[s.index] = copy(s, given[s.index] == UNSET ? s.defaultValue : given[s.index]);
        }
        for (Setting<String> blankIsUnset : java.util.List.of(POOL_NAME, CONNECTION_TEST_QUERY, CONNECTION_INIT_SQL)) {
            String text = get(v, blankIsUnset);
            if (text != null && text.isBlank()) {
                v[blankIsUnset.index] = null;
            }
        }
        ConnectionSourceChoice.resolve(v);
        for (Setting<?> s : Settings.all()) {
            check(s, v);
        }
        ties(v);
        adjust(v, given);
        return v;
    }

    private static void ties(Object[] v) {
        if (get(v, DATA_SOURCE) == null) {
            String url = get(v, JDBC_URL);
            if (url == null || url.isBlank()) {
                throw invalid(JDBC_URL, "none", "jdbcUrl is required (e.g. jdbc:sqlite:app.db), or set a dataSource");
            }
            if (!url.startsWith("jdbc:")) {
                throw invalid(JDBC_URL, Secrets.maskUrl(url), "jdbcUrl must start with 'jdbc:'; was '" + Secrets.maskUrl(url) + "'");
            }
        }
        if (get(v, DRIVER_CLASS_NAME) != null) {
            if (get(v, DATA_SOURCE) != null) {
                throw invalid(DRIVER_CLASS_NAME, get(v, DRIVER_CLASS_NAME), "driverClassName goes with jdbcUrl, not with dataSource");
            }
            checkDriverLoads(get(v, DRIVER_CLASS_NAME));
        }
        atLeast(v, RETRY_BACKOFF_MAX, RETRY_BACKOFF);
        Duration reclaim = get(v, LEAK_RECLAIM_THRESHOLD);
        if (!reclaim.isZero() && get(v, LEAK_DETECTION_THRESHOLD).isZero()) {
            throw invalid(LEAK_RECLAIM_THRESHOLD, Kind.show(reclaim), "leakReclaimThreshold needs leakDetectionThreshold"
                    + " to be set (reclaim is the step after detection); was leakDetectionThreshold=0");
        }
        if (!reclaim.isZero()) {
            atLeast(v, LEAK_RECLAIM_THRESHOLD, LEAK_DETECTION_THRESHOLD);
        }
        if (get(v, AUTOSCALE_SCALE_DOWN_AT) >= get(v, AUTOSCALE_SCALE_UP_AT)) {
            throw invalid(AUTOSCALE_SCALE_DOWN_AT, String.valueOf(get(v, AUTOSCALE_SCALE_DOWN_AT)),
                    "autoscale.scaleDownAt must be below autoscale.scaleUpAt (" + get(v, AUTOSCALE_SCALE_UP_AT) + "); was "
                    + get(v, AUTOSCALE_SCALE_DOWN_AT));
        }
        atLeast(v, AUTOSCALE_WINDOW, AUTOSCALE_INTERVAL);
        if (get(v, CREDENTIALS_PROVIDER) != null && (get(v, USERNAME) != null || get(v, PASSWORD) != null)) {
            throw invalid(CREDENTIALS_PROVIDER, get(v, CREDENTIALS_PROVIDER).getClass().getName(),
                    "set either username/password or credentialsProvider, not both");
        }
        if (get(v, POOLER_MODE) == PoolerMode.TRANSACTION) {
            behindTransactionPooler(v);
        }
        if (get(v, FLEET_FLOOR) > get(v, MAXIMUM_POOL_SIZE)) {
            throw invalid(FLEET_FLOOR, String.valueOf(get(v, FLEET_FLOOR)), "fleet.floor must be at most"
                    + " maximumPoolSize (" + get(v, MAXIMUM_POOL_SIZE) + "); was " + get(v, FLEET_FLOOR));
        }
        if (get(v, FLEET_NAME) != null) {
            fleetMember(v);
        }
        if (get(v, ROLE) != RequiredRole.ANY && (get(v, JDBC_URL) == null
                || !DatabaseType.fromUrl(get(v, JDBC_URL)).knowsServerRoles())) {
            String role = get(v, ROLE).name().toLowerCase(java.util.Locale.ROOT);
            throw invalid(ROLE, role, "role " + role + " needs a PostgreSQL, MariaDB or MySQL jdbcUrl (the pool asks"
                    + " the server its role); was " + (get(v, JDBC_URL) == null ? "none" : Secrets.maskUrl(get(v, JDBC_URL))));
        }
        if (get(v, BUDGET_NAME) != null && get(v, BUDGET_CONNECTIONS) == 0) {
            throw invalid(BUDGET_CONNECTIONS, "0", "budget.connections must be at least 1 with budget.name '"
                    + get(v, BUDGET_NAME) + "' (how many connections the budget's pools may hold together); was 0");
        }
        if (get(v, BUDGET_NAME) == null && get(v, BUDGET_CONNECTIONS) != 0) {
            throw invalid(BUDGET_CONNECTIONS, String.valueOf(get(v, BUDGET_CONNECTIONS)), "budget.connections goes with"
                    + " budget.name (the budget's name), which is not set; was " + get(v, BUDGET_CONNECTIONS));
        }
    }

    /**
     * A fleet member reads its fleet from the server, where each connection shows the name its member gave it:
     * PostgreSQL's {@code application_name} ({@code pg_stat_activity}), MariaDB's and MySQL's connection
     * attribute {@code program_name} ({@code performance_schema}). So it needs one of those, and it names its own
     * connections (a name of the user's would hide them). The name is set when the configuration is built.
     */
    private static void fleetMember(Object[] v) {
        String url = get(v, JDBC_URL);
        String fleet = get(v, FLEET_NAME);
        DatabaseType type = url == null ? DatabaseType.UNKNOWN : DatabaseType.fromUrl(url);
        if (type == DatabaseType.MARIADB || type == DatabaseType.MYSQL) {
            boolean ownAttributes = url.toLowerCase(java.util.Locale.ROOT).contains("connectionattributes=")
                    || get(v, DATA_SOURCE_PROPERTIES).stringPropertyNames().stream().anyMatch(key ->
                            key.equalsIgnoreCase("connectionAttributes") && !get(v, DATA_SOURCE_PROPERTIES)
                                    .getProperty(key).startsWith(FleetMember.MARIADB_ATTRIBUTE + ":" + fleet + "@"));
            if (ownAttributes) {
                throw invalid(FLEET_NAME, fleet, "fleet.name sets each connection's connectionAttributes to its"
                        + " member's program_name; remove the connectionAttributes of your own from jdbcUrl or"
                        + " dataSourceProperties");
            }
            return;
        }
        if (type != DatabaseType.POSTGRESQL) {
            throw invalid(FLEET_NAME, fleet, "fleet.name needs a PostgreSQL, MariaDB or MySQL jdbcUrl (a fleet reads"
                    + " its members from the server); was "
                    + (url == null ? "a dataSource" : "'" + Secrets.maskUrl(url) + "'"));
        }
        // A copy of a built configuration (toBuilder) carries the member's name set before: that one is ours.
        boolean ownName = url.toLowerCase(java.util.Locale.ROOT).contains("applicationname=")
                || get(v, DATA_SOURCE_PROPERTIES).stringPropertyNames().stream().anyMatch(key ->
                        key.equalsIgnoreCase("ApplicationName")
                        && !get(v, DATA_SOURCE_PROPERTIES).getProperty(key).startsWith(fleet + "@"));
        if (ownName) {
            throw invalid(FLEET_NAME, fleet, "fleet.name sets each connection's ApplicationName to its member's name;"
                    + " remove the ApplicationName of your own from jdbcUrl or dataSourceProperties");
        }
    }

    /**
     * Behind a transaction-mode pooler nothing may be set on a server session: the next transaction may run on
     * another one. Session defaults are refused with what to do instead.
     */
    private static void behindTransactionPooler(Object[] v) {
        String why = " is a session setting; behind a transaction-mode pooler (poolerMode=TRANSACTION) it would"
                + " reach one server connection and not the next";
        refuseIf(v, CONNECTION_INIT_SQL, get(v, CONNECTION_INIT_SQL) != null,
                why + ": run it on the pooler's side instead (PgBouncer: connect_query)");
        refuseIf(v, TRANSACTION_ISOLATION, get(v, TRANSACTION_ISOLATION) != Kind.DRIVER_DEFAULT_ISOLATION,
                why + ": set it per transaction with Connection.setTransactionIsolation, which the pool applies with"
                        + " SET TRANSACTION");
        refuseIf(v, SCHEMA, get(v, SCHEMA) != null, why + ": set it per transaction with Connection.setSchema"
                + " (applied with SET LOCAL), or set the user's search_path on the server");
        refuseIf(v, CATALOG, get(v, CATALOG) != null, why + ": connect to that database instead");
        String url = get(v, JDBC_URL);
        if (url != null && DatabaseType.fromUrl(url) == DatabaseType.POSTGRESQL) {
            // pgjdbc's server-side prepared statements live in one server session: off behind the pooler
            get(v, DATA_SOURCE_PROPERTIES).putIfAbsent("prepareThreshold", "0");
        }
    }

    /** Derived defaults, and the two values taken in place of a refusal, each with one warning naming both. */
    private static void adjust(Object[] v, Object[] given) {
        int max = get(v, MAXIMUM_POOL_SIZE);
        Integer min = get(v, MINIMUM_IDLE);
        if (min != null && min > max) {
            log.warn("minimumIdle {} is above maximumPoolSize {}: using {}, as HikariCP does", min, max, max);
        }
        v[MINIMUM_IDLE.index] = min == null || min > max ? max : min;
        Duration connectionTimeout = get(v, CONNECTION_TIMEOUT);
        Duration validationTimeout = get(v, VALIDATION_TIMEOUT);
        if (validationTimeout.compareTo(connectionTimeout) > 0) {
            if (given[VALIDATION_TIMEOUT.index] != UNSET) {
                log.warn("validationTimeout {} is above connectionTimeout {}: using {} (a check may not outlast the"
                        + " borrower's whole wait)", Kind.show(validationTimeout), Kind.show(connectionTimeout),
                        Kind.show(connectionTimeout));
            }
            v[VALIDATION_TIMEOUT.index] = connectionTimeout;
        }
        if (get(v, POOL_NAME) == null) {
            v[POOL_NAME.index] = "cistern-" + POOL_NUMBER.incrementAndGet();
        }
        if (get(v, FLEET_NAME) != null) {
            String member = FleetMember.name(get(v, FLEET_NAME), get(v, POOL_NAME));
            DatabaseType type = DatabaseType.fromUrl(get(v, JDBC_URL));
            if (type == DatabaseType.POSTGRESQL) {
                get(v, DATA_SOURCE_PROPERTIES).setProperty("ApplicationName", member);
            } else {
                get(v, DATA_SOURCE_PROPERTIES).setProperty("connectionAttributes",
                        FleetMember.MARIADB_ATTRIBUTE + ":" + member);
            }
        }
    }

    private static <T> void check(Setting<T> s, Object[] v) {
        s.check(get(v, s));
    }

    private static void atLeast(Object[] v, Setting<Duration> setting, Setting<Duration> floor) {
        if (get(v, setting).compareTo(get(v, floor)) < 0) {
            throw invalid(setting, Kind.show(get(v, setting)), setting.key + " must be at least " + floor.key + " ("
                    + Kind.show(get(v, floor)) + "); was " + Kind.show(get(v, setting)));
        }
    }

    private static void refuseIf(Object[] v, Setting<?> setting, boolean refused, String why) {
        if (refused) {
            throw invalid(setting, String.valueOf(v[setting.index]), setting.key + why);
        }
    }

    /** Loads the driver class now, so that a missing jar fails at build time rather than at first borrow. */
    private static void checkDriverLoads(String className) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> type = Class.forName(className, true, context != null ? context : SettingTies.class.getClassLoader());
            if (!java.sql.Driver.class.isAssignableFrom(type)) {
                throw invalid(DRIVER_CLASS_NAME, className, "driverClassName '" + className + "' is not a java.sql.Driver");
            }
        } catch (ClassNotFoundException e) {
            throw invalid(DRIVER_CLASS_NAME, className, "driverClassName '" + className
                    + "' could not be loaded: is the driver jar on the classpath?");
        }
    }

    private static InvalidSettingException invalid(Setting<?> setting, String value, String message) {
        return setting.invalid(value, message);
    }

    private static <T> T get(Object[] values, Setting<T> setting) {
        return setting.in(values);
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(Setting<T> setting, Object value) {
        return setting.kind.copy((T) value);
    }
}
