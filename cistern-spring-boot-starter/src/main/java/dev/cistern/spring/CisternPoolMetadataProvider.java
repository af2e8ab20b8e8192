package dev.cistern.spring;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.PoolStats;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;

/**
 * What Boot asks every pool: its sizes and use, for the {@code jdbc.connections.*} meters, and its
 * validation query, for the {@code db} health check. A pool built as a bean that has not started yet
 * reports nothing rather than being started by a metrics scrape.
 */
final class CisternPoolMetadataProvider implements DataSourcePoolMetadataProvider {

    @Override
    public DataSourcePoolMetadata getDataSourcePoolMetadata(DataSource dataSource) {
        CisternDataSource pool = CisternPools.of(dataSource);
        return pool == null ? null : new Metadata(pool);
    }

    private record Metadata(CisternDataSource pool) implements DataSourcePoolMetadata {
        private PoolStats stats() {
            return pool.config() == null || pool.isClosed() ? null : pool.stats();
        }

        @Override
        public Float getUsage() {
            PoolStats stats = stats();
            return stats == null ? null : (float) stats.active() / stats.maximumPoolSize();
        }

        @Override
        public Integer getActive() {
            PoolStats stats = stats();
            return stats == null ? null : stats.active();
        }

        @Override
        public Integer getIdle() {
            PoolStats stats = stats();
            return stats == null ? null : stats.idle();
        }

        @Override
        public Integer getMax() {
            PoolConfig config = pool.config();
            return config == null ? null : config.maximumPoolSize();
        }

        @Override
        public Integer getMin() {
            PoolConfig config = pool.config();
            return config == null ? null : config.minimumIdle();
        }

        @Override
        public String getValidationQuery() {
            PoolConfig config = pool.config();
            return config == null ? null : config.connectionTestQuery();
        }

        @Override
        public Boolean getDefaultAutoCommit() {
            PoolConfig config = pool.config();
            return config == null ? null : config.autoCommit();
        }
    }
}
