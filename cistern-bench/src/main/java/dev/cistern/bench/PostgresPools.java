package dev.cistern.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The pools the real-server benchmarks compare, each configured alike: 32 connections, their own defaults. */
final class PostgresPools {
    static final int SIZE = 32;

    private PostgresPools() {
    }

    /** {@code cistern}, {@code hikari} or {@code agroal} on the given server. */
    static DataSource open(String pool, String url, String user, String password) throws SQLException {
        switch (pool) {
            case "cistern":
                return new CisternDataSource(PoolConfig.builder().jdbcUrl(url).username(user).password(password)
                        .maximumPoolSize(SIZE).minimumIdle(SIZE).build());
            case "hikari": {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(url);
                config.setUsername(user);
                config.setPassword(password);
                config.setMaximumPoolSize(SIZE);
                config.setMinimumIdle(SIZE);
                return new HikariDataSource(config);
            }
            case "agroal":
                return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                        .connectionPoolConfiguration(p -> p.maxSize(SIZE).minSize(SIZE).initialSize(SIZE)
                                .connectionFactoryConfiguration(f -> f.jdbcUrl(url)
                                        .principal(new io.agroal.api.security.NamePrincipal(user))
                                        .credential(new io.agroal.api.security.SimplePassword(password)))));
            default:
                throw new IllegalArgumentException("pool must be cistern, hikari or agroal; was " + pool);
        }
    }
}
