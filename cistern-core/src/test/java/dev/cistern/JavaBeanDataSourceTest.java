package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code new CisternDataSource()} and setters, as Spring, XML bean definitions and JNDI factories make it. */
class JavaBeanDataSourceTest extends StubPoolTest {

    @Test
    void setUpWithSettersItStartsAtTheFirstBorrowWithThoseSettings() throws Exception {
        ds = new CisternDataSource();
        ds.setUrl(db.url());
        ds.setUser("app");
        ds.setPassword("s3cret");
        ds.setPoolName("bean-pool");
        ds.setMaximumPoolSize(3);
        ds.setMinimumIdle(1);
        ds.setConnectionTimeout(1_500);
        ds.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
        ds.addDataSourceProperty("applicationName", "shop");
        assertThat(ds.config()).as("not started yet").isNull();
        assertThat(ds.getUrl()).as("read back, as DataSourceBuilder.derivedFrom does").isEqualTo(db.url());
        assertThat(ds.getUsername()).isEqualTo("app");
        assertThat(ds.getDriverClassName()).isNull();
        assertThat(ds.poolName()).isEqualTo("bean-pool");
        assertThat(db.openConnectionCount()).isZero();
        assertThat(ds.toString()).isEqualTo("CisternDataSource[bean-pool, not started]");

        try (Connection c = ds.getConnection()) {
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        }
        PoolConfig config = ds.config();
        assertThat(config.jdbcUrl()).isEqualTo(db.url());
        assertThat(config.username()).isEqualTo("app");
        assertThat(config.maximumPoolSize()).isEqualTo(3);
        assertThat(config.minimumIdle()).isEqualTo(1);
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(config.dataSourceProperties().getProperty("applicationName")).isEqualTo("shop");
        assertThat(ds.toString()).doesNotContain("s3cret");
    }

    @Test
    void onceStartedSizesChangeTheRunningPoolAndOtherSettingsAreRefusedByName() throws Exception {
        ds = new CisternDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(2);
        ds.getConnection().close();
        ds.setMaximumPoolSize(6);
        assertThat(ds.stats().maximumPoolSize()).isEqualTo(6);
        ds.setMinimumIdle(3);
        assertThat(ds.stats().minimumIdle()).isEqualTo(3);
        assertThatThrownBy(() -> ds.setJdbcUrl("jdbc:stub:other")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("jdbcUrl cannot change once the pool has started");
        assertThatThrownBy(() -> ds.setAutoCommit(false)).hasMessageStartingWith("autoCommit cannot change");
        assertThatThrownBy(() -> ds.setMaximumPoolSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximumPoolSize");
    }

    @Test
    void aPoolMadeFromAConfigRefusesSettersButNotResizing() throws Exception {
        ds = new CisternDataSource(StubPools.config(db).build());
        assertThatThrownBy(() -> ds.setPoolName("x")).isInstanceOf(IllegalStateException.class)
                .hasMessage("poolName cannot change once the pool has started (it was made from a PoolConfig);"
                        + " only the sizes, timeouts and credentials can");
        ds.setMaximumPoolSize(5);
        assertThat(ds.stats().maximumPoolSize()).isEqualTo(5);
        assertThat(ds.config().maximumPoolSize()).as("the configuration in force").isEqualTo(5);
        ds.setConnectionTimeout(700);
        assertThat(ds.config().connectionTimeout()).isEqualTo(Duration.ofMillis(700));
    }

    /** HikariCP's MXBean can change these on a running pool; so can the setters here, checked as at start. */
    @Test
    void onceStartedTimeoutsApplyFromTheNextWaitOrCheck() throws Exception {
        ds = new CisternDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(1);
        ds.setMinimumIdle(0);
        ds.setConnectionTimeout(20_000);
        ds.setHousekeepingPeriod(50);
        try (Connection held = ds.getConnection()) {
            ds.setConnectionTimeout(300);
            long start = System.nanoTime();
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
                    .hasMessageContaining("timed out after 300ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the 20 s set at start")
                    .isLessThan(Duration.ofSeconds(10));
        }
        assertThat(ds.config().connectionTimeout()).isEqualTo(Duration.ofMillis(300));

        assertThat(ds.stats().total()).as("idle, kept while idleTimeout is long").isEqualTo(1);
        ds.setIdleTimeout(100);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ds.stats().total() == 0);

        PoolConfig before = ds.config();
        assertThatThrownBy(() -> ds.setValidationTimeout(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validationTimeout");
        assertThat(ds.config()).as("a refused change leaves the configuration as it was").isSameAs(before);
        assertThatThrownBy(() -> ds.setLeakDetectionThreshold(2_000)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("leakDetectionThreshold cannot be turned on while the pool runs");
        assertThat(ds.config().leakDetectionThreshold()).isZero();
    }

    /** A rotated password: connections opened after the change use it, and it is never shown. */
    @Test
    void aNewPasswordIsUsedForConnectionsOpenedAfterIt() throws Exception {
        db.requireCredentials("app", "first-pw-1");
        ds = new CisternDataSource();
        ds.setJdbcUrl(db.url());
        ds.setUsername("app");
        ds.setPassword("first-pw-1");
        ds.setConnectionTimeout(500);
        ds.setMaximumPoolSize(1);
        ds.setMinimumIdle(0); // no refills racing the changes below: each borrow after an eviction opens anew
        ds.getConnection().close();
        db.requireCredentials("app", "second-pw-2");
        ds.setPassword("second-pw-2");
        ds.softEvictConnections();
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(ds.stats().createFailures()).isZero();
        assertThat(ds.config().password()).as("the configuration in force").isEqualTo("second-pw-2");
        assertThat(ds.getPassword()).isEqualTo("second-pw-2");
        assertThat(ds.getJdbcUrl()).isEqualTo(db.url());
        assertThat(ds.toString()).doesNotContain("pw-");

        ds.setUser("someone-else");
        ds.softEvictConnections();
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class).hasMessageNotContaining("second-pw-2");
    }

    @Test
    void withACredentialsProviderTheProviderHasTheSay() throws Exception {
        ds = new CisternDataSource();
        ds.setJdbcUrl(db.url());
        ds.setCredentialsProvider(() -> new Credentials("app", "from-provider"));
        ds.getConnection().close();
        assertThatThrownBy(() -> ds.setPassword("x")).isInstanceOf(IllegalStateException.class)
                .hasMessage("password cannot change: the credentialsProvider gives this pool's credentials;"
                        + " change them there");
    }

    @Test
    void aBadSettingIsReportedByNameWhenThePoolStarts() {
        ds = new CisternDataSource();
        ds.setJdbcUrl(db.url());
        ds.setConnectionTimeout(-5);
        assertThatThrownBy(ds::getConnection).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectionTimeout");
        assertThatThrownBy(() -> ds.setTransactionIsolation("SOMETIMES")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transactionIsolation");
    }

    @Test
    void closedBeforeItStartedItStaysClosed() {
        CisternDataSource bean = new CisternDataSource();
        bean.setJdbcUrl(db.url());
        bean.close();
        bean.close();
        assertThat(bean.isClosed()).isTrue();
        assertThatThrownBy(bean::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThatThrownBy(bean::stats).isInstanceOf(IllegalStateException.class);
        assertThat(db.openConnectionCount()).isZero();
    }

    /** Every setting a properties file can give has a bean setter of its name, and of its HikariCP name if it has one. */
    @Test
    void everySettingHasASetter() {
        Set<String> setters = Arrays.stream(CisternDataSource.class.getMethods()).map(Method::getName)
                .filter(n -> n.startsWith("set") || n.startsWith("add")).collect(Collectors.toSet());
        for (dev.cistern.settings.Setting<?> s : Settings.all()) {
            if (s.readable()) {
                assertThat(setters).as("setter for " + s.key).contains("set" + Names.capitalized(s.javaName()));
            }
            if (s.alias() != null) {
                assertThat(setters).as("setter for " + s.alias()).contains("set" + Names.capitalized(s.alias()));
            }
        }
        assertThat(setters).contains("setUrl", "setUser", "addDataSourceProperty", "addListener");
    }

    /**
     * What bean tools (Spring's binder and DataSourceBuilder, XML definitions) look for: a public no-argument
     * constructor and public one-argument setters returning void (java.beans is not readable from this
     * module, so the JavaBeans rule is checked directly).
     */
    @Test
    void beanToolsSeeTheWritableProperties() throws Exception {
        assertThat(CisternDataSource.class.getConstructor().getParameterCount()).isZero();
        for (String property : new String[] {"url", "jdbcUrl", "user", "username", "password", "driverClassName",
                "maximumPoolSize", "minimumIdle", "connectionTimeout", "poolName", "metricsLatency"}) {
            String setter = "set" + Names.capitalized(property);
            Method method = Arrays.stream(CisternDataSource.class.getMethods())
                    .filter(m -> m.getName().equals(setter) && m.getParameterCount() == 1).findFirst().orElseThrow();
            assertThat(method.getReturnType()).as(setter).isEqualTo(void.class);
        }
    }
}
