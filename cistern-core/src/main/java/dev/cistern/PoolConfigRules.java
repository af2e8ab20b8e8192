package dev.cistern;

import dev.cistern.internal.Secrets;
import java.sql.Connection;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rules a configuration must meet before {@link PoolConfig.Builder#build()} makes one: each field's range
 * and the ties between fields (a URL or a DataSource, retryBackoffMax at least retryBackoff, reclaim after
 * detection, ...). A broken rule is an {@link IllegalArgumentException} naming the field, the value and what
 * is allowed. The checks run in a fixed order, so a config with several faults always reports the same one.
 */
final class PoolConfigRules {
    private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9._-]([A-Za-z0-9._ -]{0,62}[A-Za-z0-9._-])?");
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PoolConfig.class);

    private PoolConfigRules() {
    }

    private static final Duration MIN_METRICS_WINDOW = Duration.ofSeconds(10);
    private static final Duration MAX_METRICS_WINDOW = Duration.ofHours(1);

    /** Checks every rule against the builder's current values; returns normally only if all hold. */
    static void check(PoolConfig.Builder b) {
        connectionSource(b);
        if (b.poolName != null && !POOL_NAME.matcher(b.poolName).matches()) {
            throw new IllegalArgumentException("poolName must be 1 to 64 characters of letters, digits, spaces, '.',"
                    + " '_' or '-', not starting or ending with a space; was '" + b.poolName + "'");
        }
        sizes(b);
        timings(b);
        if (b.maxRetries < 0 || b.maxRetries > 100) {
            throw new IllegalArgumentException("maxRetries must be between 0 and 100; was " + b.maxRetries);
        }
        isolation(b.transactionIsolation);
        leakHandling(b);
        if (b.circuitBreakerFailureThreshold < 1 || b.circuitBreakerFailureThreshold > 10_000) {
            throw new IllegalArgumentException("circuitBreaker.failureThreshold must be between 1 and 10000; was "
                    + b.circuitBreakerFailureThreshold);
        }
        positive("circuitBreaker.openDuration", b.circuitBreakerOpenDuration);
        autoscale(b);
        if (b.credentialsProvider != null && (b.username != null || b.password != null)) {
            throw new IllegalArgumentException("set either username/password or credentialsProvider, not both");
        }
        if (b.metricsWindow == null || b.metricsWindow.compareTo(MIN_METRICS_WINDOW) < 0
                || b.metricsWindow.compareTo(MAX_METRICS_WINDOW) > 0) {
            throw new IllegalArgumentException("metrics.window must be between 10s and 1h; was " + shown(b.metricsWindow));
        }
        zeroOrPositive("defaultQueryTimeout", b.defaultQueryTimeout, "0 = no timeout");
        pooler(b);
        if (b.defaultQueryTimeout.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("defaultQueryTimeout must be at most " + Integer.MAX_VALUE
                    + " seconds; was " + Durations.format(b.defaultQueryTimeout));
        }
    }

    /**
     * Behind a transaction-mode pooler, nothing may be set on a server session: the next transaction may
     * run on another one. Session defaults are refused with what to do instead.
     */
    private static void pooler(PoolConfig.Builder b) {
        if (b.poolerMode == null) {
            throw new IllegalArgumentException("poolerMode must be NONE or TRANSACTION; was null");
        }
        if (b.poolerMode != PoolerMode.TRANSACTION) {
            return;
        }
        String why = " is a session setting; behind a transaction-mode pooler (poolerMode=TRANSACTION) it would"
                + " reach one server connection and not the next";
        if (b.connectionInitSql != null && !b.connectionInitSql.isBlank()) {
            throw new IllegalArgumentException("connectionInitSql" + why + ": run it on the pooler's side instead"
                    + " (PgBouncer: connect_query)");
        }
        if (b.transactionIsolation != PoolConfig.DRIVER_DEFAULT_ISOLATION) {
            throw new IllegalArgumentException("transactionIsolation" + why + ": set it per transaction with"
                    + " Connection.setTransactionIsolation, which the pool applies with SET TRANSACTION");
        }
        if (b.schema != null) {
            throw new IllegalArgumentException("schema" + why + ": set it per transaction with Connection.setSchema"
                    + " (applied with SET LOCAL), or set the user's search_path on the server");
        }
        if (b.catalog != null) {
            throw new IllegalArgumentException("catalog" + why + ": connect to that database instead");
        }
    }

    /** A jdbcUrl or a dataSource (ConnectionSourceChoice kept one); a driver class only beside a URL, and it must load. */
    private static void connectionSource(PoolConfig.Builder b) {
        if (b.dataSource == null) {
            if (b.jdbcUrl == null || b.jdbcUrl.isBlank()) {
                throw new IllegalArgumentException("jdbcUrl is required (e.g. jdbc:sqlite:app.db), or set a dataSource");
            }
            if (!b.jdbcUrl.startsWith("jdbc:")) {
                throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:'; was '"
                        + Secrets.maskUrl(b.jdbcUrl) + "'");
            }
        }
        if (b.driverClassName != null) {
            if (b.dataSource != null) {
                throw new IllegalArgumentException("driverClassName goes with jdbcUrl, not with dataSource");
            }
            checkDriverLoads(b.driverClassName);
        }
    }

    private static void sizes(PoolConfig.Builder b) {
        if (b.maximumPoolSize < 1 || b.maximumPoolSize > PoolConfig.MAX_POOL_SIZE_LIMIT) {
            throw new IllegalArgumentException("maximumPoolSize must be between 1 and " + PoolConfig.MAX_POOL_SIZE_LIMIT
                    + "; was " + b.maximumPoolSize);
        }
        if (b.minimumIdle != null && b.minimumIdle < 0) {
            throw new IllegalArgumentException("minimumIdle must be between 0 and maximumPoolSize ("
                    + b.maximumPoolSize + "); was " + b.minimumIdle);
        }
        if (b.minimumIdle != null && b.minimumIdle > b.maximumPoolSize) {
            // HikariCP takes the maximum here; a config moved from it must keep working
            log.warn("minimumIdle {} is above maximumPoolSize {}: using {}, as HikariCP does", b.minimumIdle,
                    b.maximumPoolSize, b.maximumPoolSize);
            b.minimumIdle = b.maximumPoolSize;
        }
    }

    /** The pool's clocks: waits and periods must be positive; limits may be 0 where 0 means "off". */
    private static void timings(PoolConfig.Builder b) {
        positive("connectionTimeout", b.connectionTimeout);
        positive("validationTimeout", b.validationTimeout);
        positive("retryBackoff", b.retryBackoff);
        positive("retryBackoffMax", b.retryBackoffMax);
        positive("housekeepingPeriod", b.housekeepingPeriod);
        positive("shutdownTimeout", b.shutdownTimeout);
        zeroOrPositive("idleTimeout", b.idleTimeout, "0 = never retire idle connections");
        zeroOrPositive("maxLifetime", b.maxLifetime, "0 = no lifetime limit");
        zeroOrPositive("keepaliveTime", b.keepaliveTime, "0 = no keepalive");
        zeroOrPositive("leakDetectionThreshold", b.leakDetectionThreshold, "0 = off");
        zeroOrPositive("aliveBypassWindow", b.aliveBypassWindow, "0 = validate on every borrow");
        // Any value is meaningful here (negative = start lazily, 0 = try once), but it must be there.
        Objects.requireNonNull(b.initializationFailTimeout, "initializationFailTimeout");
        if (b.retryBackoffMax.compareTo(b.retryBackoff) < 0) {
            throw new IllegalArgumentException("retryBackoffMax must be at least retryBackoff ("
                    + Durations.format(b.retryBackoff) + "); was " + Durations.format(b.retryBackoffMax));
        }
    }

    private static void isolation(int level) {
        boolean known = level == PoolConfig.DRIVER_DEFAULT_ISOLATION
                || level == Connection.TRANSACTION_NONE
                || level == Connection.TRANSACTION_READ_UNCOMMITTED
                || level == Connection.TRANSACTION_READ_COMMITTED
                || level == Connection.TRANSACTION_REPEATABLE_READ
                || level == Connection.TRANSACTION_SERIALIZABLE;
        if (!known) {
            throw new IllegalArgumentException("transactionIsolation must be one of the Connection.TRANSACTION_*"
                    + " levels (0, 1, 2, 4, 8) or -1 for the driver's default; was " + level);
        }
    }

    /** Reclaiming is the step after detection: it needs detection on, and may not come before it. */
    private static void leakHandling(PoolConfig.Builder b) {
        zeroOrPositive("leakReclaimThreshold", b.leakReclaimThreshold, "0 = off");
        if (b.leakReclaimThreshold.isZero()) {
            return;
        }
        if (b.leakDetectionThreshold.isZero()) {
            throw new IllegalArgumentException("leakReclaimThreshold needs leakDetectionThreshold to be set"
                    + " (reclaim is the step after detection); was leakDetectionThreshold=0");
        }
        if (b.leakReclaimThreshold.compareTo(b.leakDetectionThreshold) < 0) {
            throw new IllegalArgumentException("leakReclaimThreshold must be at least leakDetectionThreshold ("
                    + Durations.format(b.leakDetectionThreshold) + "); was " + Durations.format(b.leakReclaimThreshold));
        }
    }

    private static void autoscale(PoolConfig.Builder b) {
        fraction("autoscale.step", b.autoscaleStep, false);
        fraction("autoscale.scaleUpAt", b.autoscaleScaleUpAt, false);
        fraction("autoscale.scaleDownAt", b.autoscaleScaleDownAt, true);
        if (b.autoscaleScaleDownAt >= b.autoscaleScaleUpAt) {
            throw new IllegalArgumentException("autoscale.scaleDownAt must be below autoscale.scaleUpAt ("
                    + b.autoscaleScaleUpAt + "); was " + b.autoscaleScaleDownAt);
        }
        positive("autoscale.interval", b.autoscaleInterval);
        positive("autoscale.window", b.autoscaleWindow);
        zeroOrPositive("autoscale.cooldown", b.autoscaleCooldown, "0 = shrink as soon as the window allows");
        if (b.autoscaleWindow.compareTo(b.autoscaleInterval) < 0) {
            throw new IllegalArgumentException("autoscale.window must be at least autoscale.interval ("
                    + Durations.format(b.autoscaleInterval) + "); was " + Durations.format(b.autoscaleWindow));
        }
    }

    private static void fraction(String field, double value, boolean zeroAllowed) {
        boolean inRange = !Double.isNaN(value) && value <= 1 && (zeroAllowed ? value >= 0 : value > 0);
        if (!inRange) {
            throw new IllegalArgumentException(field + " must be " + (zeroAllowed ? "between 0" : "above 0")
                    + " and at most 1 (or 100%); was " + value);
        }
    }

    /** Loads the driver class now, so that a missing jar fails at build time rather than at first borrow. */
    private static void checkDriverLoads(String className) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> type = Class.forName(className, true,
                    context != null ? context : PoolConfigRules.class.getClassLoader());
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
            throw new IllegalArgumentException(field + " must be a positive duration; was " + shown(value));
        }
    }

    private static void zeroOrPositive(String field, Duration value, String zeroMeaning) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be 0 or a positive duration (" + zeroMeaning
                    + "); was " + shown(value));
        }
    }

    private static String shown(Duration value) {
        return value == null ? "null" : Durations.format(value);
    }
}
