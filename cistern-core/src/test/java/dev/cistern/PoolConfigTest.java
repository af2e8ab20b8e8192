package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PoolConfigTest {

    @Test
    void defaultsFollowHikariWhereTheConceptIsTheSame() {
        PoolConfig config = StubPools.valid().build();
        assertThat(config.maximumPoolSize()).isEqualTo(10);
        assertThat(config.minimumIdle()).isEqualTo(10);
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.maxLifetime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.keepaliveTime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.validationTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.retryBackoffMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.autoCommit()).isTrue();
        assertThat(config.validateOnReturn()).isFalse();
        assertThat(config.leakDetectionThreshold()).isEqualTo(Duration.ZERO);
        assertThat(config.poolName()).startsWith("cistern-");
    }

    @Test
    void minimumIdleDefaultsToTheMaximum() {
        assertThat(StubPools.valid().maximumPoolSize(4).build().minimumIdle()).isEqualTo(4);
    }

    @Test
    void maximumPoolSizeZeroIsRejectedNamingFieldValueAndRange() {
        assertThatThrownBy(() -> StubPools.valid().maximumPoolSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximumPoolSize")
                .hasMessageContaining("between 1 and 10000")
                .hasMessageContaining("was 0");
    }

    @Test
    void minimumIdleAboveMaximumIsTakenAsTheMaximumAsHikariCPDoesButANegativeOneIsRejected() {
        assertThat(StubPools.valid().maximumPoolSize(3).minimumIdle(4).build().minimumIdle()).isEqualTo(3);
        assertThatThrownBy(() -> StubPools.valid().minimumIdle(-1).build()).hasMessageContaining("minimumIdle");
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> StubPools.valid().connectionTimeout(Duration.ZERO).build())
                .hasMessageContaining("connectionTimeout must be a positive duration; was 0ms");
        assertThatThrownBy(() -> StubPools.valid().validationTimeout(Duration.ofMillis(-5)).build())
                .hasMessageContaining("validationTimeout");
        assertThatThrownBy(() -> StubPools.valid().idleTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("idleTimeout must be 0 or a positive duration");
        assertThatThrownBy(() -> StubPools.valid().maxLifetime(null).build()).hasMessageContaining("maxLifetime");
    }

    @Test
    void urlIsRequiredAndMustBeJdbc() {
        assertThatThrownBy(() -> PoolConfig.builder().build()).hasMessageContaining("jdbcUrl is required");
        assertThatThrownBy(() -> PoolConfig.builder().jdbcUrl("postgres://x:secret@h/db").build())
                .hasMessageContaining("jdbcUrl must start with 'jdbc:'")
                .hasMessageNotContaining("secret");
    }

    @Test
    void otherRangesAreChecked() {
        assertThatThrownBy(() -> StubPools.valid().maxRetries(-1).build()).hasMessageContaining("maxRetries must be between 0 and 100");
        assertThatThrownBy(() -> StubPools.valid().retryBackoff(Duration.ofSeconds(10)).retryBackoffMax(Duration.ofSeconds(1)).build())
                .hasMessageContaining("retryBackoffMax must be at least retryBackoff");
        assertThatThrownBy(() -> StubPools.valid().transactionIsolation(3).build()).hasMessageContaining("transactionIsolation");
        assertThat(StubPools.valid().poolName("Orders Pool (primary)").build().poolName())
                .as("any name HikariCP takes is taken").isEqualTo("Orders Pool (primary)");
        assertThat(StubPools.valid().poolName("  ").build().poolName()).as("blank is unset").startsWith("cistern-");
        assertThatThrownBy(() -> StubPools.valid().driverClassName("com.example.NoSuchDriver").build())
                .hasMessageContaining("driverClassName 'com.example.NoSuchDriver' could not be loaded");
    }

    @Test
    void validationTimeoutIsCappedAtConnectionTimeout() {
        PoolConfig config = StubPools.valid().connectionTimeout(Duration.ofSeconds(1)).build();
        assertThat(config.validationTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void readsHikariPropertyNamesAndUnits() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:stub:props");
        p.setProperty("username", "app");
        p.setProperty("password", "s3cret!");
        p.setProperty("poolName", "orders");
        p.setProperty("maximumPoolSize", "7");
        p.setProperty("minimumIdle", "2");
        p.setProperty("connectionTimeout", "2500");
        p.setProperty("idleTimeout", "5m");
        p.setProperty("maxLifetime", "1h");
        p.setProperty("keepaliveTime", "30s");
        p.setProperty("autoCommit", "false");
        p.setProperty("transactionIsolation", "TRANSACTION_SERIALIZABLE");
        p.setProperty("dataSource.cachePrepStmts", "true");
        PoolConfig config = PoolConfig.fromProperties(p);
        assertThat(config.poolName()).isEqualTo("orders");
        assertThat(config.maximumPoolSize()).isEqualTo(7);
        assertThat(config.minimumIdle()).isEqualTo(2);
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.maxLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(config.keepaliveTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.autoCommit()).isFalse();
        assertThat(config.transactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        assertThat(config.dataSourceProperties().getProperty("cachePrepStmts")).isEqualTo("true");
    }

    @Test
    void badPropertiesNameTheProblem() {
        Properties unknown = new Properties();
        unknown.setProperty("jdbcUrl", "jdbc:stub:x");
        unknown.setProperty("maxPoolSize", "5");
        assertThatThrownBy(() -> PoolConfig.fromProperties(unknown))
                .hasMessageContaining("unknown pool property 'maxPoolSize'")
                .hasMessageContaining("maximumPoolSize");

        Properties notANumber = new Properties();
        notANumber.setProperty("jdbcUrl", "jdbc:stub:x");
        notANumber.setProperty("maximumPoolSize", "ten");
        assertThatThrownBy(() -> PoolConfig.fromProperties(notANumber))
                .hasMessageContaining("maximumPoolSize must be a whole number; was 'ten'");

        Properties badDuration = new Properties();
        badDuration.setProperty("jdbcUrl", "jdbc:stub:x");
        badDuration.setProperty("connectionTimeout", "soon");
        assertThatThrownBy(() -> PoolConfig.fromProperties(badDuration))
                .hasMessageContaining("connectionTimeout must be milliseconds or a number with a unit");

        Properties badBoolean = new Properties();
        badBoolean.setProperty("jdbcUrl", "jdbc:stub:x");
        badBoolean.setProperty("autoCommit", "yes");
        assertThatThrownBy(() -> PoolConfig.fromProperties(badBoolean))
                .hasMessageContaining("autoCommit must be true or false; was 'yes'");
    }

    @Test
    void toStringNeverShowsThePassword() {
        PoolConfig config = PoolConfig.builder()
                .jdbcUrl("jdbc:postgresql://app:hunter22@db.example/orders?password=hunter22&ssl=true")
                .username("app").password("hunter22")
                .dataSourceProperty("sslpassword", "hunter22")
                .build();
        assertThat(config.toString())
                .doesNotContain("hunter22")
                .contains("password=****")
                .contains("jdbc:postgresql://app:****@db.example/orders?password=****&ssl=true");
    }

    @Test
    void hikariDataSourceClassNameMakesTheDataSourceAndGivesItTheDataSourceProperties() throws Exception {
        Properties p = new Properties();
        p.setProperty("dataSourceClassName", "org.sqlite.SQLiteDataSource");
        p.setProperty("dataSource.url", "jdbc:sqlite::memory:");
        p.setProperty("dataSource.readOnly", "false");
        p.setProperty("maximumPoolSize", "2");
        PoolConfig config = PoolConfig.fromProperties(p);
        assertThat(config.dataSource()).isInstanceOf(org.sqlite.SQLiteDataSource.class);
        assertThat(((org.sqlite.SQLiteDataSource) config.dataSource()).getUrl()).isEqualTo("jdbc:sqlite::memory:");
        assertThat(config.dataSourceProperties()).as("given to the data source, not to a driver").isEmpty();
        try (CisternDataSource ds = new CisternDataSource(config);
             java.sql.Connection c = ds.getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("select 41 + 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
        p.setProperty("dataSource.noSuchThing", "1");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataSource.noSuchThing: org.sqlite.SQLiteDataSource has no setNoSuchThing taking text,"
                        + " a number or a boolean");
        p.remove("dataSource.noSuchThing");
        p.setProperty("jdbcUrl", "jdbc:sqlite::memory:");
        PoolConfig both = PoolConfig.fromProperties(p);
        assertThat(both.dataSource()).as("HikariCP's order: dataSourceClassName before jdbcUrl")
                .isInstanceOf(org.sqlite.SQLiteDataSource.class);
        assertThat(both.jdbcUrl()).isNull();
        p.setProperty("driverClassName", "org.sqlite.JDBC");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("driverClassName goes with jdbcUrl, not with dataSourceClassName");
        p.remove("driverClassName");
        p.remove("jdbcUrl");
        p.setProperty("dataSourceClassName", "java.lang.String");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p)).hasMessage("dataSourceClassName 'java.lang.String' is not a javax.sql.DataSource");
        p.setProperty("dataSourceClassName", "com.example.Missing");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p)).hasMessageContaining("could not be loaded");
    }

    @Test
    void hikariKeysWithoutACisternSettingAreAcceptedAndSuspensionCanBeForbidden() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:sqlite::memory:");
        p.setProperty("isolateInternalQueries", "true");
        p.setProperty("metricRegistry", "com.example.Registry");
        p.setProperty("healthCheckProperties.connectivityCheckTimeoutMs", "1000");
        p.setProperty("allowPoolSuspension", "false");
        PoolConfig config = PoolConfig.fromProperties(p);
        assertThat(config.allowPoolSuspension()).isFalse();
        try (CisternDataSource ds = new CisternDataSource(config)) {
            assertThatThrownBy(ds::suspend).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("suspension is not allowed (allowPoolSuspension=false)");
        }
        assertThat(StubPools.valid().build().allowPoolSuspension()).as("Cistern's default").isTrue();
    }
}
