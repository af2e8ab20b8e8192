package dev.cistern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HikariCP properties that have no setting of their own in Cistern. Those whose absence changes nothing
 * that matters (metrics registries, thread factories) are accepted with one warning that says what Cistern
 * does instead, so that a HikariCP properties file moves over unchanged. Those that take a Java object
 * cannot come from a properties file at all (HikariCP cannot use a text there either); ignoring one would
 * change what the pool does, so it is refused with the key to use instead.
 */
final class HikariOnlyKeys {
    private static final Logger log = LoggerFactory.getLogger("dev.cistern.PoolConfig");

    /** The keys handled here (besides {@code healthCheckProperties.*}). */
    static final java.util.List<String> NAMES = java.util.List.of("isolateInternalQueries", "metricRegistry",
            "metricsTrackerFactory", "healthCheckRegistry", "healthCheckProperties", "scheduledExecutor",
            "threadFactory", "credentials", "dataSource", "dataSourceProperties", "exceptionOverride");

    private HikariOnlyKeys() {
    }

    /**
     * True (after a warning, if there is anything to say) when {@code name} is one of HikariCP's keys that
     * Cistern answers otherwise; false for any other name.
     *
     * @throws IllegalArgumentException for a key that needs a Java object, naming what to use instead
     */
    static boolean accept(String name, String value) {
        String refusal = objectOnly(name);
        if (refusal != null) {
            throw new IllegalArgumentException(name + " takes a Java object, which a properties file cannot give; "
                    + refusal);
        }
        String instead = insteadOf(name, value);
        if (instead == null) {
            return false;
        }
        if (!instead.isEmpty()) {
            log.warn("HikariCP property '{}' is accepted but not used: {}", name, instead);
        }
        return true;
    }

    /** What to use instead of a HikariCP key that only a Java object can fill; null for other keys. */
    static String objectOnly(String name) {
        switch (name) {
            case "credentials": return "set username and password (or credentialsProvider, a class name)";
            case "dataSource": return "name its class with dataSourceClassName (or pass the object to"
                    + " PoolConfig.Builder.dataSource or CisternDataSource.setDataSource)";
            case "dataSourceProperties": return "give each property as its own dataSource.<name> key";
            case "exceptionOverride": return "name its class with exceptionOverrideClassName";
            default: return null;
        }
    }

    /**
     * Why a HikariCP key is not used and what Cistern offers instead; "" when Cistern already does what the
     * value asks; null for a key that is not one of these.
     */
    static String insteadOf(String name, String value) {
        if (name.equals("isolateInternalQueries")) {
            return value.equalsIgnoreCase("true") ? ""
                    : "Cistern always rolls back after its own queries when autocommit is off; the key is ignored";
        }
        if (name.equals("metricRegistry") || name.equals("metricsTrackerFactory")) {
            return "bind cistern-micrometer's CisternMetrics to your MeterRegistry instead"
                    + " (withHikariNames() keeps HikariCP's meter names)";
        }
        if (name.equals("healthCheckRegistry") || name.equals("healthCheckProperties")
                || name.startsWith("healthCheckProperties.")) {
            return "use CisternDataSource.health() (or cistern-dashboard's /health) instead";
        }
        if (name.equals("scheduledExecutor") || name.equals("threadFactory")) {
            return "Cistern runs its own daemon threads, named after the pool (virtual threads are never used"
                    + " for its background work)";
        }
        return null;
    }
}
