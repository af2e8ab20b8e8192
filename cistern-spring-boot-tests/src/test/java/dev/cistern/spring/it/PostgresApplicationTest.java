package dev.cistern.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cistern.CisternDataSource;
import dev.cistern.spring.it.app.OrderService;
import dev.cistern.testkit.db.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The same application on a real PostgreSQL server, which the test starts itself: Flyway migrates, the
 * service's transactions commit and roll back on the server, and closing the context leaves the server
 * with none of the pool's sessions (counted by the server, not by the pool).
 */
@Tag("integration")
class PostgresApplicationTest {
    private static final String APPLICATION_NAME = "cistern-boot-test";
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static int sessionsOfThePool() throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) from pg_stat_activity where application_name = '" + APPLICATION_NAME + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void flywayJdbcTemplateAndTransactionsOnPostgresAndNoSessionLeftAfterClose() throws Exception {
        try (ConfigurableApplicationContext app = Apps.web(
                "spring.datasource.url=" + server.jdbcUrl(),
                "spring.datasource.username=" + server.username(),
                "spring.datasource.password=" + server.password(),
                "spring.datasource.cistern.maximum-pool-size=6",
                "spring.datasource.cistern.minimum-idle=3",
                "spring.datasource.cistern.data-source-properties.ApplicationName=" + APPLICATION_NAME)) {
            CisternDataSource pool = (CisternDataSource) app.getBean(DataSource.class);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
                    .isEqualTo(1);
            OrderService orders = app.getBean(OrderService.class);
            orders.place(List.of("anchovies", "bread"), false);
            assertThatThrownBy(() -> orders.place(List.of("caviar"), true)).hasMessage("payment declined");
            assertThat(orders.items()).containsExactly("anchovies", "bread");

            assertThat(pool.config().maximumPoolSize()).isEqualTo(6);
            assertThat(sessionsOfThePool()).as("the server sees the pool's sessions").isBetween(1, 6);
            int port = Apps.port(app);
            Http.Response health = Http.get(port, "/actuator/health");
            assertThat(Http.healthStatus(health)).isEqualTo("UP");
            assertThat(health.body()).contains("\"db\"");
            assertThat(Http.metric(port, "jdbc.connections.max")).isEqualTo(6.0);
        }
        assertThat(sessionsOfThePool()).as("closing the context closed every session").isZero();
    }
}
