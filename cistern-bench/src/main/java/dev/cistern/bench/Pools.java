package dev.cistern.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.vibur.dbcp.ViburDBCPDataSource;

/**
 * Builds each pool under test configured alike: the same maximum size, minimum idle equal to it (so no
 * pool creates connections during measurement), autocommit off (unless asked for on), an 8 s wait, and
 * each pool's own default validation on borrow. Every pool talks to the testkit's stub driver, so only pool
 * overhead is measured.
 */
final class Pools {
    static final Duration WAIT = Duration.ofSeconds(8);
    /** The stub driver accepts any credentials; every pool gets the same (Vibur requires some). */
    static final String USER = "bench";
    static final String PASSWORD = "bench";

    private Pools() {
    }

    static DataSource open(String pool, String jdbcUrl, int maximumPoolSize) throws SQLException {
        return open(pool, jdbcUrl, maximumPoolSize, false);
    }

    /** As {@link #open(String, String, int)}, with the connections' default autocommit mode given. */
    static DataSource open(String pool, String jdbcUrl, int maximumPoolSize, boolean autoCommit) throws SQLException {
        switch (pool) {
            case "cistern":
            case "cistern-latency": // the same with wait, use and creation times recorded (metrics.latency)
                return new CisternDataSource(PoolConfig.builder()
                        .jdbcUrl(jdbcUrl).poolName("bench").username(USER).password(PASSWORD)
                        .maximumPoolSize(maximumPoolSize).minimumIdle(maximumPoolSize)
                        .autoCommit(autoCommit).connectionTimeout(WAIT)
                        .metricsLatency(pool.equals("cistern-latency"))
                        .build());
            case "hikari": {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(jdbcUrl);
                config.setUsername(USER);
                config.setPassword(PASSWORD);
                config.setPoolName("bench");
                config.setMaximumPoolSize(maximumPoolSize);
                config.setMinimumIdle(maximumPoolSize);
                config.setAutoCommit(autoCommit);
                config.setConnectionTimeout(WAIT.toMillis());
                return new HikariDataSource(config);
            }
            case "agroal":
                return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                        .connectionPoolConfiguration(pool2 -> pool2
                                .maxSize(maximumPoolSize).minSize(maximumPoolSize).initialSize(maximumPoolSize)
                                .acquisitionTimeout(WAIT)
                                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(jdbcUrl).autoCommit(autoCommit)
                                        .principal(new io.agroal.api.security.NamePrincipal(USER))
                                        .credential(new io.agroal.api.security.SimplePassword(PASSWORD)))));
            case "agroal-validating": // Agroal checks nothing on borrow by default; this one checks every borrow
                return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                        .connectionPoolConfiguration(pool2 -> pool2
                                .maxSize(maximumPoolSize).minSize(maximumPoolSize).initialSize(maximumPoolSize)
                                .acquisitionTimeout(WAIT)
                                .validateOnBorrow(true)
                                .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidator())
                                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(jdbcUrl).autoCommit(autoCommit)
                                        .principal(new io.agroal.api.security.NamePrincipal(USER))
                                        .credential(new io.agroal.api.security.SimplePassword(PASSWORD)))));
            case "vibur": {
                ViburDBCPDataSource vibur = new ViburDBCPDataSource();
                vibur.setJdbcUrl(jdbcUrl);
                vibur.setUsername(USER);
                vibur.setPassword(PASSWORD);
                vibur.setPoolInitialSize(maximumPoolSize);
                vibur.setPoolMaxSize(maximumPoolSize);
                vibur.setDefaultAutoCommit(autoCommit);
                vibur.setConnectionTimeoutInMs(WAIT.toMillis());
                vibur.start();
                return vibur;
            }
            case "dbcp2": {
                BasicDataSource dbcp = new BasicDataSource();
                dbcp.setUrl(jdbcUrl);
                dbcp.setUsername(USER);
                dbcp.setPassword(PASSWORD);
                dbcp.setMaxTotal(maximumPoolSize);
                dbcp.setMaxIdle(maximumPoolSize);
                dbcp.setMinIdle(maximumPoolSize);
                dbcp.setInitialSize(maximumPoolSize);
                dbcp.setDefaultAutoCommit(autoCommit);
                dbcp.setMaxWait(WAIT);
                return dbcp;
            }
            case "bare":
                return new BareQueue(jdbcUrl, maximumPoolSize); // the no-pool ceiling; see BareQueue
            default:
                throw new IllegalArgumentException("pool must be one of cistern, cistern-latency, hikari, agroal, agroal-validating, vibur, dbcp2, bare; was " + pool);
        }
    }

    static void close(DataSource dataSource) throws Exception {
        if (dataSource instanceof AutoCloseable) {
            ((AutoCloseable) dataSource).close();
        } else if (dataSource instanceof ViburDBCPDataSource) {
            ((ViburDBCPDataSource) dataSource).terminate();
        }
    }
}
