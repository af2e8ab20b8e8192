package dev.cistern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks where connections come from when a configuration names more than one source, in HikariCP's order
 * (a {@code dataSource} object, then {@code dataSourceClassName}, then {@code jdbcUrl}, then
 * {@code dataSourceJNDI}), so that a HikariCP configuration means here what it meant there. Each source
 * passed over gets a warning; HikariCP drops some of them silently. A class name or JNDI name that wins is
 * turned into the {@code DataSource} it names.
 */
final class ConnectionSourceChoice {
    private static final Logger log = LoggerFactory.getLogger(PoolConfig.class);

    private ConnectionSourceChoice() {
    }

    static void resolve(ConfigSetters<?> b) {
        if (b.dataSourceClassName != null && b.driverClassName != null) {
            throw new IllegalArgumentException("driverClassName goes with jdbcUrl, not with dataSourceClassName"
                    + " (HikariCP refuses the pair too); was driverClassName=" + b.driverClassName
                    + ", dataSourceClassName=" + b.dataSourceClassName);
        }
        if (b.dataSource != null) {
            ignore(b.dataSourceClassName, "dataSourceClassName", "dataSource");
            ignore(b.jdbcUrl != null ? "set" : null, "jdbcUrl", "dataSource");
            ignore(b.dataSourceJndiName, "dataSourceJNDI", "dataSource");
            if (b.jdbcUrl != null) {
                b.jdbcUrl = null;
            }
        } else if (b.dataSourceClassName != null) {
            ignore(b.jdbcUrl != null ? "set" : null, "jdbcUrl", "dataSourceClassName");
            ignore(b.dataSourceJndiName, "dataSourceJNDI", "dataSourceClassName");
            b.jdbcUrl = null;
            b.dataSource = DataSourceClass.create(b.dataSourceClassName, b.dataSourceProperties);
            b.dataSourceProperties.clear(); // given to the DataSource's setters
        } else if (b.jdbcUrl != null) {
            ignore(b.dataSourceJndiName, "dataSourceJNDI", "jdbcUrl");
        } else if (b.dataSourceJndiName != null) {
            b.dataSource = DataSourceJndi.lookUp(b.dataSourceJndiName);
        }
        b.dataSourceClassName = null;
        b.dataSourceJndiName = null;
    }

    private static void ignore(String value, String ignored, String used) {
        if (value != null) {
            log.warn("both {} and {} are set: using {} and ignoring {}, as HikariCP does", used, ignored, used, ignored);
        }
    }
}
