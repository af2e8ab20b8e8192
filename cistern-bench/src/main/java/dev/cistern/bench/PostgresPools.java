package dev.cistern.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.PoolerMode;
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
        return open(pool, url, user, password, false);
    }

    /**
     * As {@link #open(String, String, String, String)}; behind a transaction-mode pooler, each pool set up as
     * its users must for one: Cistern with {@code poolerMode=TRANSACTION}, the others with pgjdbc's
     * server-side prepared statements off ({@code prepareThreshold=0}), which Cistern's pooler mode also does.
     */
    static DataSource open(String pool, String serverUrl, String user, String password, boolean behindPooler)
            throws SQLException {
        // Cistern's poolerMode switches server-side prepares off itself
        String url = behindPooler && !pool.equals("cistern") ? withoutServerPrepare(serverUrl) : serverUrl;
        switch (pool) {
            case "cistern":
                return new CisternDataSource(PoolConfig.builder().jdbcUrl(url).username(user).password(password)
                        .maximumPoolSize(SIZE).minimumIdle(SIZE)
                        .poolerMode(behindPooler ? PoolerMode.TRANSACTION : PoolerMode.NONE).build());
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

    /** The URL with pgjdbc's server-side prepared statements off, as a transaction-mode pooler needs. */
    static String withoutServerPrepare(String url) {
        return url + (url.contains("?") ? "&" : "?") + "prepareThreshold=0";
    }
}
