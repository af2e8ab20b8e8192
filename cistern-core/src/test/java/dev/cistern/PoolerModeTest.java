package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@code poolerMode=TRANSACTION} without a pooler in sight: its configuration rules, and its connection
 * behaviour on a database that cannot scope a schema to a transaction. PgBouncerTest runs it for real.
 */
class PoolerModeTest extends StubPoolTest {

    @Test
    void readFromPropertiesAndShownInTheConfiguration() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://127.0.0.1:6432/app");
        p.setProperty("pooler-mode", "transaction");
        PoolConfig config = PoolConfig.fromProperties(p);
        assertThat(config.poolerMode()).isEqualTo(PoolerMode.TRANSACTION);
        assertThat(config.dataSourceProperties()).containsEntry("prepareThreshold", "0");
        assertThat(config.toString()).contains("poolerMode=TRANSACTION");
        p.setProperty("dataSource.prepareThreshold", "3"); // the user's own choice wins (PgBouncer 1.21+)
        assertThat(PoolConfig.fromProperties(p).dataSourceProperties()).containsEntry("prepareThreshold", "3");
        p.setProperty("poolerMode", "statement");
        p.remove("pooler-mode");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p)).hasMessage("poolerMode must be NONE or TRANSACTION; was 'statement'");
        assertThat(PoolConfig.builder().jdbcUrl(db.url()).build().poolerMode()).isEqualTo(PoolerMode.NONE);
    }

    @Test
    void sessionDefaultsAreRefusedWithTheReason() {
        PoolConfig.Builder b = StubPools.config(db).poolerMode(PoolerMode.TRANSACTION);
        assertThatThrownBy(() -> b.transactionIsolation(Connection.TRANSACTION_SERIALIZABLE).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("transactionIsolation is a session setting; behind a transaction-mode pooler");
        assertThatThrownBy(() -> StubPools.config(db).poolerMode(PoolerMode.TRANSACTION).catalog("x").build())
                .hasMessageContaining("catalog is a session setting");
    }

    @Test
    void isolationWaitsForTheTransactionAndSchemaIsRefusedWhereItCannotBeScoped() throws Exception {
        ds = new CisternDataSource(StubPools.config(db).poolerMode(PoolerMode.TRANSACTION).build());
        try (Connection c = ds.getConnection()) {
            int before = StubPools.physical(c).getTransactionIsolation();
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(StubPools.physical(c).getTransactionIsolation()).as("the session is left alone").isEqualTo(before);
            assertThatThrownBy(() -> c.setSchema("other")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("qualify names with the schema instead");
        }
    }
}
