package dev.cistern.spring;

import dev.cistern.CisternDataSource;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Finds the Cistern pool behind a {@link DataSource} bean, through any wrappers that tell (JDBC's {@code unwrap}). */
final class CisternPools {
    private CisternPools() {
    }

    /** The pool, or null when the data source is not (and does not wrap) a Cistern pool. */
    static CisternDataSource of(DataSource dataSource) {
        if (dataSource instanceof CisternDataSource cistern) {
            return cistern;
        }
        try {
            return dataSource != null && dataSource.isWrapperFor(CisternDataSource.class)
                    ? dataSource.unwrap(CisternDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** The Cistern pools among the data sources, by bean name. */
    static Map<String, CisternDataSource> among(Map<String, DataSource> dataSources) {
        Map<String, CisternDataSource> pools = new LinkedHashMap<>();
        dataSources.forEach((name, dataSource) -> {
            CisternDataSource pool = of(dataSource);
            if (pool != null && !pools.containsValue(pool)) {
                pools.put(name, pool);
            }
        });
        return pools;
    }
}
