package dev.cistern.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cistern.CisternDataSource;
import dev.cistern.testkit.stub.StubDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import javax.sql.DataSource;
import dev.cistern.spring.it.app.OrdersApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole applications started and stopped: the "done when" (only the starter and a driver on the
 * class path, HikariCP not there), a HikariCP application's properties kept, health going DOWN with the
 * circuit, and bad settings failing the start by name.
 */
@ExtendWith(OutputCaptureExtension.class)
class StarterLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void withOnlyTheStarterAndADriverTheAppBindsReportsAndClosesEveryConnection() throws Exception {
        assertThat(getClass().getClassLoader().getResource("com/zaxxer/hikari/HikariDataSource.class"))
                .as("HikariCP is kept off this test's class path").isNull();
        CisternDataSource pool;
        try (ConfigurableApplicationContext app = Apps.web(Apps.sqliteUrl(dir), "spring.datasource.cistern.maximum-pool-size=7")) {
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

    /** Its properties and its dashboards' meter names, with nothing added. */
    @Test
    void anApplicationMovingFromHikariCpKeepsItsSettingsAndMeterNames() throws Exception {
        try (ConfigurableApplicationContext app = Apps.web(Apps.sqliteUrl(dir),
                "spring.datasource.hikari.maximum-pool-size=5", "spring.datasource.hikari.connection-timeout=4000",
                "spring.datasource.hikari.pool-name=Orders Pool", "spring.datasource.hikari.minimum-idle=1",
                "spring.datasource.cistern.minimum-idle=3")) {
            CisternDataSource pool = (CisternDataSource) app.getBean(DataSource.class);
            assertThat(pool.config().maximumPoolSize()).isEqualTo(5);
            assertThat(pool.config().connectionTimeout()).hasMillis(4000);
            assertThat(pool.config().poolName()).isEqualTo("Orders Pool");
            assertThat(pool.config().minimumIdle()).as("spring.datasource.cistern.* wins").isEqualTo(3);
            int port = Apps.port(app);
            assertThat(Http.metric(port, "hikaricp.connections.max")).as("HikariCP's names are on by default").isEqualTo(5.0);
            try (Connection c = pool.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
            assertThat(Http.metric(port, "hikaricp.connections.acquire"))
                    .as("the acquire timer counts borrows (metrics.latency is on under Micrometer)").isPositive();
            assertThat(Http.metric(port, "db.client.connection.max")).as("OpenTelemetry's names beside them").isEqualTo(5.0);
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

    /** Boot's short report, not a stack trace: the property as written, the value, the range and the fix. */
    @Test
    void aBadSettingFailsTheStartWithBootsReportNamingThePropertyAndTheRange(CapturedOutput output) {
        assertThatThrownBy(() -> Apps.plain(OrdersApp.class, Apps.sqliteUrl(dir),
                "spring.datasource.hikari.maximum-pool-size=0").close())
                .hasStackTraceContaining("spring.datasource.hikari.maximum-pool-size: maximumPoolSize must be between"
                        + " 1 and 10000; was 0");
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
                .contains("The connection pool (Cistern) could not start because of spring.datasource.hikari.maximum-pool-size")
                .contains("Set spring.datasource.hikari.maximum-pool-size to a value in the allowed range (1–10000)");
        assertThatThrownBy(() -> Apps.plain(OrdersApp.class, "spring.flyway.enabled=false").close())
                .hasStackTraceContaining("Cistern has no database to connect to: set spring.datasource.url");
    }

    /** As HikariCP under Boot: a misspelt key does not stop the app; one warning names the closest key. */
    @Test
    void anUnknownKeyIsOneWarningNamingTheClosestKeyUnlessStrict(CapturedOutput output) {
        try (ConfigurableApplicationContext app = Apps.plain(OrdersApp.class, Apps.sqliteUrl(dir),
                "spring.datasource.hikari.maximum-pool-sise=3", "spring.datasource.cistern.maximum-pool-size=4")) {
            CisternDataSource pool = (CisternDataSource) app.getBean(DataSource.class);
            assertThat(pool.config().maximumPoolSize()).isEqualTo(4);
        }
        assertThat(output.getOut() + output.getErr()).contains("spring.datasource.hikari.maximum-pool-sise is skipped:"
                + " unknown pool property 'maximum-pool-sise'; did you mean 'maximumPoolSize'?");
        assertThatThrownBy(() -> Apps.plain(OrdersApp.class, Apps.sqliteUrl(dir), "cistern.fail-on-unknown-properties=true",
                "spring.datasource.cistern.conection-timeout=3s").close())
                .hasStackTraceContaining("spring.datasource.cistern.conection-timeout: unknown pool property"
                        + " 'conection-timeout'; did you mean 'connectionTimeout'?");
    }

    /** {@code spring.autoconfigure.exclude} of Boot's DataSource auto-configuration means no DataSource, Cistern's neither. */
    @Test
    void excludingBootsDataSourceAutoConfigurationLeavesNoPool() {
        String bootName = DataSourceAutoConfigurationName.ofThisBoot();
        try (ConfigurableApplicationContext app = Apps.plain(NoDatabaseApp.class, Apps.sqliteUrl(dir),
                "spring.autoconfigure.exclude=" + bootName)) {
            assertThat(app.getBeansOfType(DataSource.class)).isEmpty();
        }
    }

    /** Auto-configuration and nothing that needs a database. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.EnableAutoConfiguration
    static class NoDatabaseApp {
    }

    /** HikariCP's {@code new HikariConfig()} reads {@code -Dhikaricp.configurationFile}; the starter does too, below Boot's properties. */
    @Test
    void hikariCpsConfigurationFileIsTheLowestLayer() throws Exception {
        Path file = dir.resolve("hikari.properties");
        java.nio.file.Files.writeString(file, "maximumPoolSize=6\nconnectionTimeout=7000\n");
        System.setProperty("hikaricp.configurationFile", file.toString());
        try (ConfigurableApplicationContext app = Apps.plain(OrdersApp.class, Apps.sqliteUrl(dir),
                "spring.datasource.hikari.maximum-pool-size=8")) {
            CisternDataSource pool = (CisternDataSource) app.getBean(DataSource.class);
            assertThat(pool.config().connectionTimeout()).hasMillis(7000);
            assertThat(pool.config().maximumPoolSize()).as("Boot's property wins over the file").isEqualTo(8);
        } finally {
            System.clearProperty("hikaricp.configurationFile");
        }
    }
}
