package dev.cistern.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cistern.CisternDataSource;
import dev.cistern.testkit.stub.StubDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole applications started and stopped: the "done when" (only the starter and a driver on the
 * class path, HikariCP not there), a HikariCP application's properties kept, health going DOWN with the
 * circuit, and bad settings failing the start by name.
 */
class StarterLifecycleTest {
    @TempDir
    Path dir;

    private String sqliteUrl() {
        return "spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db");
    }

    @Test
    void withOnlyTheStarterAndADriverTheAppBindsReportsAndClosesEveryConnection() throws Exception {
        assertThat(getClass().getClassLoader().getResource("com/zaxxer/hikari/HikariDataSource.class"))
                .as("HikariCP is kept off this test's class path").isNull();
        CisternDataSource pool;
        try (ConfigurableApplicationContext app = Apps.web(sqliteUrl(), "spring.datasource.cistern.maximum-pool-size=7")) {
            pool = (CisternDataSource) app.getBean(DataSource.class);
            assertThat(pool.config().maximumPoolSize()).isEqualTo(7);
            int port = Apps.port(app);
            assertThat(Http.metric(port, "jdbc.connections.max")).isEqualTo(7.0);
            Http.Response health = Http.get(port, "/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(Http.healthStatus(health)).isEqualTo("UP");
            try (Connection c = pool.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
            assertThat(pool.stats().total()).isPositive();
        }
        assertThat(pool.isClosed()).isTrue();
        assertThat(pool.stats().total()).as("every connection closed with the context").isZero();
    }

    /** Its properties and, with one more, its dashboards' meter names. */
    @Test
    void anApplicationMovingFromHikariCpKeepsItsSettingsAndMeterNames() throws Exception {
        try (ConfigurableApplicationContext app = Apps.web(sqliteUrl(),
                "spring.datasource.hikari.maximum-pool-size=5", "spring.datasource.hikari.connection-timeout=4000",
                "spring.datasource.hikari.pool-name=Orders Pool", "spring.datasource.hikari.minimum-idle=1",
                "spring.datasource.cistern.minimum-idle=3", "cistern.micrometer.hikari-names=true")) {
            CisternDataSource pool = (CisternDataSource) app.getBean(DataSource.class);
            assertThat(pool.config().maximumPoolSize()).isEqualTo(5);
            assertThat(pool.config().connectionTimeout()).hasMillis(4000);
            assertThat(pool.config().poolName()).isEqualTo("Orders Pool");
            assertThat(pool.config().minimumIdle()).as("spring.datasource.cistern.* wins").isEqualTo(3);
            assertThat(Http.metric(Apps.port(app), "hikaricp.connections.max")).isEqualTo(5.0);
        }
    }

    @Test
    void healthIsDownWhileTheCircuitIsOpenAndSaysWhy() throws Exception {
        StubDatabase db = StubDatabase.create();
        db.failAllConnects(true);
        try (ConfigurableApplicationContext app = Apps.web("spring.datasource.url=" + db.url(),
                "spring.flyway.enabled=false",
                "spring.datasource.cistern.initialization-fail-timeout=-1",
                "spring.datasource.cistern.minimum-idle=0",
                "spring.datasource.cistern.max-retries=0",
                "spring.datasource.cistern.connection-timeout=500",
                "spring.datasource.cistern.circuit-breaker.failure-threshold=1",
                "spring.datasource.cistern.circuit-breaker.open-duration=10m",
                "spring.datasource.password=never-shown-pw")) {
            CisternDataSource pool = (CisternDataSource) app.getBean(DataSource.class);
            assertThatThrownBy(pool::getConnection).isInstanceOf(java.sql.SQLException.class);
            int port = Apps.port(app);
            Http.Response health = Http.get(port, "/actuator/health/cistern");
            assertThat(health.status()).isEqualTo(503);
            assertThat(Http.healthStatus(health)).isEqualTo("DOWN");
            assertThat(health.body()).contains("\"circuit\":\"OPEN\"")
                    .contains("circuit breaker is open").doesNotContain("never-shown-pw");
            assertThat(Http.get(port, "/actuator/health").status()).isEqualTo(503);
        }
    }

    @Test
    void aBadSettingFailsTheStartNamingIt() {
        assertThatThrownBy(() -> Apps.plain(dev.cistern.spring.it.app.OrdersApp.class, sqliteUrl(),
                "spring.datasource.cistern.maximum-pool-size=0").close())
                .hasStackTraceContaining("spring.datasource (spring.datasource.cistern.*, spring.datasource.hikari.*):"
                        + " maximumPoolSize must be between 1 and 10000; was 0");
        assertThatThrownBy(() -> Apps.plain(dev.cistern.spring.it.app.OrdersApp.class, sqliteUrl(),
                "spring.datasource.cistern.maximum-pool-sise=3").close())
                .hasStackTraceContaining("unknown pool property 'maximum-pool-sise'");
        assertThatThrownBy(() -> Apps.plain(dev.cistern.spring.it.app.OrdersApp.class, "spring.flyway.enabled=false").close())
                .hasStackTraceContaining("Cistern has no database to connect to: set spring.datasource.url");
    }
}
