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
import java.util.function.BiConsumer;

/**
 * Turns a properties file into a {@link PoolConfig}: the property names (HikariCP's wherever the concept is
 * the same), how each value is read (numbers, booleans, durations, fractions, isolation names, a provider
 * class), and the error message for a value that cannot be read. Range checks are not done here; the
 * builder's {@code build()} does them for both ways in. Behind {@link PoolConfig#fromProperties}.
 */
final class PoolConfigProperties {
    private static final String DRIVER_PREFIX = "dataSource.";

    /** Property name to "read the text and give it to the builder"; insertion order is the documented order. */
    private static final Map<String, BiConsumer<PoolConfig.Builder, String>> SETTERS = new LinkedHashMap<>();

    static {
        text("jdbcUrl", PoolConfig.Builder::jdbcUrl);
        text("username", PoolConfig.Builder::username);
        text("password", PoolConfig.Builder::password);
        text("driverClassName", PoolConfig.Builder::driverClassName);
        text("poolName", PoolConfig.Builder::poolName);
        whole("maximumPoolSize", PoolConfig.Builder::maximumPoolSize);
        whole("minimumIdle", PoolConfig.Builder::minimumIdle);
        duration("connectionTimeout", PoolConfig.Builder::connectionTimeout);
        duration("idleTimeout", PoolConfig.Builder::idleTimeout);
        duration("maxLifetime", PoolConfig.Builder::maxLifetime);
        duration("keepaliveTime", PoolConfig.Builder::keepaliveTime);
        duration("validationTimeout", PoolConfig.Builder::validationTimeout);
        text("connectionTestQuery", PoolConfig.Builder::connectionTestQuery);
        text("connectionInitSql", PoolConfig.Builder::connectionInitSql);
        duration("initializationFailTimeout", PoolConfig.Builder::initializationFailTimeout);
        flag("autoCommit", PoolConfig.Builder::autoCommit);
        flag("readOnly", PoolConfig.Builder::readOnly);
        SETTERS.put("transactionIsolation", (b, v) -> b.transactionIsolation(parseIsolation(v)));
        text("catalog", PoolConfig.Builder::catalog);
        text("schema", PoolConfig.Builder::schema);
        duration("leakDetectionThreshold", PoolConfig.Builder::leakDetectionThreshold);
        whole("maxRetries", PoolConfig.Builder::maxRetries);
        duration("retryBackoff", PoolConfig.Builder::retryBackoff);
        duration("retryBackoffMax", PoolConfig.Builder::retryBackoffMax);
        flag("validateOnReturn", PoolConfig.Builder::validateOnReturn);
        duration("aliveBypassWindow", PoolConfig.Builder::aliveBypassWindow);
        duration("housekeepingPeriod", PoolConfig.Builder::housekeepingPeriod);
        duration("shutdownTimeout", PoolConfig.Builder::shutdownTimeout);
        duration("leakReclaimThreshold", PoolConfig.Builder::leakReclaimThreshold);
        flag("circuitBreaker.enabled", PoolConfig.Builder::circuitBreakerEnabled);
        whole("circuitBreaker.failureThreshold", PoolConfig.Builder::circuitBreakerFailureThreshold);
        duration("circuitBreaker.openDuration", PoolConfig.Builder::circuitBreakerOpenDuration);
        flag("autoscale.enabled", PoolConfig.Builder::autoscaleEnabled);
        fraction("autoscale.step", PoolConfig.Builder::autoscaleStep);
        duration("autoscale.window", PoolConfig.Builder::autoscaleWindow);
        fraction("autoscale.scaleUpAt", PoolConfig.Builder::autoscaleScaleUpAt);
        fraction("autoscale.scaleDownAt", PoolConfig.Builder::autoscaleScaleDownAt);
        duration("autoscale.cooldown", PoolConfig.Builder::autoscaleCooldown);
        duration("autoscale.interval", PoolConfig.Builder::autoscaleInterval);
        flag("registerMbeans", PoolConfig.Builder::registerMbeans);
        flag("allowPoolSuspension", PoolConfig.Builder::allowPoolSuspension);
        text("dataSourceClassName", PoolConfig.Builder::dataSourceClassName);
        text("dataSourceJNDI", PoolConfig.Builder::dataSourceJNDI);
        flag("metrics.latency", PoolConfig.Builder::metricsLatency);
        duration("metrics.window", PoolConfig.Builder::metricsWindow);
        SETTERS.put("credentialsProvider",
                (b, v) -> b.credentialsProvider(instantiate("credentialsProvider", v, CredentialsProvider.class)));
        SETTERS.put("credentialsProviderClassName", (b, v) -> b.credentialsProvider(
                instantiate("credentialsProviderClassName", v, CredentialsProvider.class)));
        SETTERS.put("exceptionOverrideClassName", (b, v) -> b.exceptionOverride(
                instantiate("exceptionOverrideClassName", v, SQLExceptionOverride.class)));
        duration("defaultQueryTimeout", PoolConfig.Builder::defaultQueryTimeout);
        SETTERS.put("poolerMode", (b, v) -> b.poolerMode(parsePoolerMode(v)));
    }

    /** Every accepted name, Cistern's and HikariCP's, by its relaxed form (no dashes, lower case). */
    private static final Map<String, String> RELAXED_NAMES = new java.util.HashMap<>();

    static {
        for (String name : SETTERS.keySet()) {
            RELAXED_NAMES.put(relaxed(name), name);
        }
        for (String name : HikariOnlyKeys.NAMES) {
            RELAXED_NAMES.put(relaxed(name), name);
        }
    }

    private PoolConfigProperties() {
    }

    /** See {@link PoolConfig#fromProperties}: names are read in sorted order, so errors come out the same each run. */
    static PoolConfig read(Properties properties) {
        Objects.requireNonNull(properties, "properties");
        PoolConfig.Builder builder = PoolConfig.builder();
        for (String given : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(given).trim();
            String name = canonicalName(given);
            if (name.startsWith(DRIVER_PREFIX)) {
                builder.dataSourceProperty(name.substring(DRIVER_PREFIX.length()), value);
                continue;
            }
            BiConsumer<PoolConfig.Builder, String> setter = SETTERS.get(name);
            if (setter == null && HikariOnlyKeys.accept(name, value)) {
                continue;
            }
            if (setter == null) {
                throw new IllegalArgumentException("unknown pool property '" + name + "'; known properties: "
                        + String.join(", ", new TreeSet<>(SETTERS.keySet())) + ", " + DRIVER_PREFIX + "*");
            }
            setter.accept(builder, value);
        }
        return builder.build();
    }

    /**
     * The documented name for a name written another way, as Spring's relaxed binding and environment
     * variables write them: {@code maximum-pool-size}, {@code MAXIMUMPOOLSIZE} and {@code circuit-breaker.enabled}
     * are {@code maximumPoolSize} and {@code circuitBreaker.enabled}. Driver properties may also be written
     * {@code data-source.X} or {@code data-source-properties.X} (the way Spring Boot binds HikariCP's); the
     * {@code X} keeps its case, since drivers' names are case-sensitive. A name matching nothing comes back
     * unchanged, for the "unknown property" error to quote.
     */
    static String canonicalName(String given) {
        int dot = given.indexOf('.');
        if (dot > 0 && dot < given.length() - 1) {
            String head = relaxed(given.substring(0, dot));
            if (head.equals("datasource") || head.equals("datasourceproperties")) {
                return DRIVER_PREFIX + given.substring(dot + 1);
            }
            if (head.equals("healthcheckproperties")) {
                return "healthCheckProperties." + given.substring(dot + 1);
            }
        }
        String known = RELAXED_NAMES.get(relaxed(given));
        return known != null ? known : given;
    }

    private static String relaxed(String name) {
        return name.replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** The names {@link #read} accepts, besides {@code dataSource.*}, in their documented order. */
    static Set<String> names() {
        return Collections.unmodifiableSet(SETTERS.keySet());
    }

    private static void text(String name, BiConsumer<PoolConfig.Builder, String> setter) {
        SETTERS.put(name, setter);
    }

    private static void whole(String name, BiConsumer<PoolConfig.Builder, Integer> setter) {
        SETTERS.put(name, (b, v) -> setter.accept(b, parseInt(name, v)));
    }

    private static void flag(String name, BiConsumer<PoolConfig.Builder, Boolean> setter) {
        SETTERS.put(name, (b, v) -> setter.accept(b, parseBoolean(name, v)));
    }

    private static void duration(String name, BiConsumer<PoolConfig.Builder, Duration> setter) {
        SETTERS.put(name, (b, v) -> setter.accept(b, Durations.parse(name, v)));
    }

    private static void fraction(String name, BiConsumer<PoolConfig.Builder, Double> setter) {
        SETTERS.put(name, (b, v) -> setter.accept(b, parseFraction(name, v)));
    }

    static PoolerMode parsePoolerModeText(String value) {
        return parsePoolerMode(value);
    }

    private static PoolerMode parsePoolerMode(String value) {
        try {
            return PoolerMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("poolerMode must be NONE or TRANSACTION; was '" + value + "'");
        }
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number; was '" + value + "'");
        }
    }

    /** Either a plain fraction ({@code 0.2}) or a percentage ({@code 20%}). */
    private static double parseFraction(String name, String value) {
        try {
            if (value.endsWith("%")) {
                return Double.parseDouble(value.substring(0, value.length() - 1).trim()) / 100;
            }
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a fraction such as 0.8 or a percentage such as 80%;"
                    + " was '" + value + "'");
        }
    }

    /** Only {@code true} or {@code false} (any case): "yes" or "1" is more likely a mistake than a wish. */
    private static boolean parseBoolean(String name, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("true")) {
            return true;
        }
        if (lower.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException(name + " must be true or false; was '" + value + "'");
    }

    /** Loads the named class (context class loader first) and calls its public no-argument constructor. */
    /** Makes an instance of a named class for a property that takes one (credentialsProvider, ...). */
    static <T> T instantiate(String property, String className, Class<T> type) {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> found = Class.forName(className, true,
                    loader != null ? loader : PoolConfigProperties.class.getClassLoader());
            if (!type.isAssignableFrom(found)) {
                throw new IllegalArgumentException(property + " '" + className + "' does not implement "
                        + type.getName() + (implementsHikariCp(found)
                        ? " (it implements HikariCP's interface, which Cistern cannot call: implement Cistern's)" : ""));
            }
            return type.cast(found.getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(property + " '" + className + "' could not be loaded:"
                    + " is it on the classpath?");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(property + " '" + className
                    + "' could not be created: it needs a public no-argument constructor (" + e + ")");
        }
    }

    private static boolean implementsHikariCp(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().startsWith("com.zaxxer.hikari.")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An isolation level by name, with or without the {@code TRANSACTION_} prefix and in any case, or by its
     * {@link Connection} number. Whether the number is a real level is the builder's check.
     */
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

    /** The property spelling of an isolation level, for {@link PoolConfig#toString()}. */
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
}
