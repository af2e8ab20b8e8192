package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cistern.testkit.stub.StubConnection;
import dev.cistern.testkit.stub.StubDataSource;
import dev.cistern.testkit.stub.StubDatabase;
import dev.cistern.testkit.stub.StubDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Where physical connections come from: URL + DriverManager, a forced driver class, or a DataSource. */
class ConnectionSourceTest {
    private final StubDatabase db = StubDatabase.create();

    @Test
    void credentialsAndDriverPropertiesReachTheDriver() throws SQLException {
        db.requireCredentials("app", "s3cret-pw");
        try (CisternDataSource ds = new CisternDataSource(PoolConfig.builder().jdbcUrl(db.url())
                .username("app").password("s3cret-pw").dataSourceProperty("applicationName", "orders").build());
                Connection c = ds.getConnection()) {
            assertThat(c.getMetaData().getUserName()).isEqualTo("app");
        }
    }

    @Test
    void wrongPasswordNeverAppearsInTheError() {
        db.requireCredentials("app", "right-password");
        assertThatThrownBy(() -> new CisternDataSource(PoolConfig.builder().jdbcUrl(db.url()).poolName("creds")
                .username("app").password("wrong-password").maxRetries(0).build()))
                .isInstanceOf(PoolInitializationException.class)
                .hasMessageContaining("authentication failed")
                .satisfies(e -> assertThat(e.toString() + e.getCause()).doesNotContain("wrong-password"));
    }

    @Test
    void forcedDriverClassIsUsed() throws SQLException {
        try (CisternDataSource ds = new CisternDataSource(PoolConfig.builder().jdbcUrl(db.url())
                .driverClassName(StubDriver.class.getName()).build());
                Connection c = ds.getConnection()) {
            assertThat(c.unwrap(StubConnection.class).database()).isSameAs(db);
        }
    }

    @Test
    void forcedDriverThatRejectsTheUrlSaysSo() {
        assertThatThrownBy(() -> new CisternDataSource(PoolConfig.builder().jdbcUrl("jdbc:other:x")
                .driverClassName(StubDriver.class.getName()).maxRetries(0).build()))
                .isInstanceOf(PoolInitializationException.class)
                .hasMessageContaining("does not accept the URL jdbc:other:x");
    }

    @Test
    void unknownUrlNamesTheMissingDriver() {
        assertThatThrownBy(() -> new CisternDataSource(PoolConfig.builder().jdbcUrl("jdbc:nosuchdb://h/db?password=p4ss-word")
                .maxRetries(0).build()))
                .isInstanceOf(PoolInitializationException.class)
                .hasMessageContaining("no JDBC driver found for jdbc:nosuchdb://h/db?password=****")
                .hasMessageNotContaining("p4ss-word");
    }

    @Test
    void connectionsCanComeFromADataSource() throws SQLException {
        StubDataSource source = new StubDataSource(db);
        try (CisternDataSource ds = new CisternDataSource(PoolConfig.builder().dataSource(source).maximumPoolSize(2)
                .connectionTimeout(Duration.ofSeconds(2)).build())) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertThat(s.executeQuery("select 1").next()).isTrue();
            }
            assertThat(ds.unwrap(StubDataSource.class)).isSameAs(source);
            assertThat(ds.isWrapperFor(StubDataSource.class)).isTrue();
            assertThat(ds.config().toString()).contains("dataSource=" + StubDataSource.class.getName());
        }
        assertThat(db.openConnectionCount()).isZero();
        PoolConfig both = PoolConfig.builder().dataSource(source).jdbcUrl(db.url()).build();
        assertThat(both.dataSource()).as("HikariCP's order: a dataSource object first").isSameAs(source);
        assertThat(both.jdbcUrl()).isNull();
    }

    @Test
    void connectionInitSqlAndSessionDefaultsApplyToNewConnections() throws SQLException {
        try (CisternDataSource ds = new CisternDataSource(PoolConfig.builder().jdbcUrl(db.url())
                .maximumPoolSize(1).connectionInitSql("set application_name = 'cistern'").readOnly(true)
                .transactionIsolation(Connection.TRANSACTION_SERIALIZABLE).catalog("sales").schema("eu").build());
                Connection c = ds.getConnection()) {
            assertThat(c.isReadOnly()).isTrue();
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(c.getCatalog()).isEqualTo("sales");
            assertThat(c.getSchema()).isEqualTo("eu");
            assertThat(db.statementsExecuted()).as("init SQL ran once for the one connection").isEqualTo(1);
        }
    }
}
