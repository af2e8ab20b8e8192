package dev.cistern;

import dev.cistern.settings.SettingTable;
import java.util.List;
import java.util.Map;
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
    private static final String METRICS = "bind cistern-micrometer's CisternMetrics to your MeterRegistry instead"
            + " (withHikariNames() keeps HikariCP's meter names)";
    private static final String HEALTH = "use CisternDataSource.health() (or cistern-dashboard's /health) instead";
    private static final String THREADS = "Cistern runs its own daemon threads, named after the pool (virtual"
            + " threads are never used for its background work)";
    /** Keys accepted with a warning: why each is not used and what Cistern offers instead. */
    private static final Map<String, String> NOT_USED = Map.of("metricRegistry", METRICS,
            "metricsTrackerFactory", METRICS, "healthCheckRegistry", HEALTH, "healthCheckProperties", HEALTH,
            "scheduledExecutor", THREADS, "threadFactory", THREADS);
    /** Keys only a Java object can fill: refused, with what to set instead. */
    private static final Map<String, String> OBJECT_ONLY = Map.of(
            "credentials", "set username and password (or credentialsProvider, a class name)",
            "dataSource", "name its class with dataSourceClassName (or pass the object to"
                    + " PoolConfig.Builder.dataSource or CisternDataSource.setDataSource)",
            "dataSourceProperties", "give each property as its own dataSource.<name> key",
            "exceptionOverride", "name its class with exceptionOverrideClassName");

    /** The keys handled here (besides {@code healthCheckProperties.*}). */
    static final List<String> NAMES = List.of("isolateInternalQueries", "metricRegistry", "metricsTrackerFactory",
            "healthCheckRegistry", "healthCheckProperties", "scheduledExecutor", "threadFactory", "credentials",
            "dataSource", "dataSourceProperties", "exceptionOverride");

    private HikariOnlyKeys() {
    }

    /**
     * True (after a warning, if there is anything to say) when {@code name} is one of HikariCP's keys that
     * Cistern answers otherwise; false for any other name.
     *
     * @throws IllegalArgumentException for a key that needs a Java object, naming what to use instead
     */
    static boolean accept(String name, String value) {
        if (OBJECT_ONLY.containsKey(name)) {
            throw new IllegalArgumentException(name + " takes a Java object, which a properties file cannot give; "
                    + OBJECT_ONLY.get(name));
        }
        String instead = insteadOf(name, value);
        if (instead != null && !instead.isEmpty()) {
            log.warn("HikariCP property '{}' is accepted but not used: {}", name, instead);
        }
        return instead != null;
    }

    /** What to use instead of a HikariCP key that only a Java object can fill; null for other keys. */
    static String objectOnly(String name) {
        return OBJECT_ONLY.get(name);
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
        return NOT_USED.get(name.startsWith("healthCheckProperties.") ? "healthCheckProperties" : name);
    }

    /** {@return the key as HikariCP spells it, for one of these written another way; else the name unchanged} */
    static String spelling(String written) {
        String relaxed = SettingTable.relaxed(written);
        return NAMES.stream().filter(name -> SettingTable.relaxed(name).equals(relaxed)).findFirst().orElse(written);
    }
}
