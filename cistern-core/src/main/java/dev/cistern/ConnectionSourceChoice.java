package dev.cistern;

import dev.cistern.settings.Kind;
import dev.cistern.settings.Setting;
import static dev.cistern.Settings.DATA_SOURCE;
import static dev.cistern.Settings.DATA_SOURCE_CLASS_NAME;
import static dev.cistern.Settings.DATA_SOURCE_JNDI;
import static dev.cistern.Settings.DATA_SOURCE_PROPERTIES;
import static dev.cistern.Settings.DRIVER_CLASS_NAME;
import static dev.cistern.Settings.JDBC_URL;

import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks where connections come from when a configuration names more than one source, in HikariCP's order
 * (a {@code dataSource} object, then {@code dataSourceClassName}, then {@code jdbcUrl}, then
 * {@code dataSourceJNDI}), so that a HikariCP configuration means here what it meant there. Each source
 * passed over gets a warning; HikariCP drops some of them silently. A class name or JNDI name that wins is
 * turned into the {@code DataSource} it names. Works on the values being resolved, never on a builder.
 */
final class ConnectionSourceChoice {
    private static final Logger log = LoggerFactory.getLogger("dev.cistern.PoolConfig");

    private ConnectionSourceChoice() {
    }

    static void resolve(Object[] v) {
        String className = DATA_SOURCE_CLASS_NAME.in(v);
        String jndiName = DATA_SOURCE_JNDI.in(v);
        String url = JDBC_URL.in(v);
        if (className != null && DRIVER_CLASS_NAME.in(v) != null) {
            throw DRIVER_CLASS_NAME.invalid(DRIVER_CLASS_NAME.in(v), "driverClassName goes"
                    + " with jdbcUrl, not with dataSourceClassName (HikariCP refuses the pair too); was driverClassName="
                    + DRIVER_CLASS_NAME.in(v) + ", dataSourceClassName=" + className);
        }
        if (DATA_SOURCE.in(v) != null) {
            ignore(className, "dataSourceClassName", "dataSource");
            ignore(url, "jdbcUrl", "dataSource");
            ignore(jndiName, "dataSourceJNDI", "dataSource");
            v[JDBC_URL.index] = null;
        } else if (className != null) {
            ignore(url, "jdbcUrl", "dataSourceClassName");
            ignore(jndiName, "dataSourceJNDI", "dataSourceClassName");
            v[JDBC_URL.index] = null;
            v[DATA_SOURCE.index] = DataSourceClass.create(className, DATA_SOURCE_PROPERTIES.in(v));
            v[DATA_SOURCE_PROPERTIES.index] = new Properties(); // given to the DataSource's setters
        } else if (url != null) {
            ignore(jndiName, "dataSourceJNDI", "jdbcUrl");
        } else if (jndiName != null) {
            v[DATA_SOURCE.index] = DataSourceJndi.lookUp(jndiName);
        }
        v[DATA_SOURCE_CLASS_NAME.index] = null;
        v[DATA_SOURCE_JNDI.index] = null;
    }

    private static void ignore(String value, String ignored, String used) {
        if (value != null) {
            log.warn("both {} and {} are set: using {} and ignoring {}, as HikariCP does", used, ignored, used, ignored);
        }
    }
}
