package dev.cistern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HikariCP properties that have no setting of their own in Cistern, accepted so that a HikariCP properties
 * file moves over unchanged, each with one warning that says what Cistern does instead.
 */
final class HikariOnlyKeys {
    private static final Logger log = LoggerFactory.getLogger(PoolConfig.class);

    private HikariOnlyKeys() {
    }

    /** True (after a warning) when {@code name} is one of HikariCP's keys that Cistern answers otherwise. */
    static boolean accept(String name, String value) {
        String instead;
        if (name.equals("isolateInternalQueries")) {
            if (value.equalsIgnoreCase("true")) {
                return true; // what Cistern always does: nothing to say
            }
            instead = "Cistern always rolls back after its own queries when autocommit is off; the key is ignored";
        } else if (name.equals("metricRegistry") || name.equals("metricsTrackerFactory")) {
            instead = "bind cistern-micrometer's CisternMetrics to your MeterRegistry instead"
                    + " (withHikariNames() keeps HikariCP's meter names)";
        } else if (name.equals("healthCheckRegistry") || name.startsWith("healthCheckProperties.")) {
            instead = "use CisternDataSource.health() (or cistern-dashboard's /health) instead";
        } else {
            return false;
        }
        log.warn("HikariCP property '{}' is accepted but not used: {}", name, instead);
        return true;
    }
}
