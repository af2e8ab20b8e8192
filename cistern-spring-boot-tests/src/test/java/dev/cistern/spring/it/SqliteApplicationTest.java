package dev.cistern.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.spring.it.app.OrderService;
import dev.cistern.spring.it.app.OrdersApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Boot application on SQLite with the starter and nothing else of Cistern's: the pool is bound from
 * {@code spring.datasource.*}, Flyway migrates through it at start, a JdbcTemplate and a transactional
 * service use it, and the actuator reports it.
 */
@SpringBootTest(classes = OrdersApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.cistern.maximum-pool-size=7",
        "spring.datasource.cistern.minimum-idle=2",
        "spring.datasource.cistern.connection-timeout=2500",
        "spring.datasource.cistern.pool-name=orders",
        "spring.datasource.cistern.circuit-breaker.failure-threshold=9",
        "spring.datasource.cistern.metrics.latency=true",
        "spring.datasource.cistern.data-source-properties.busy_timeout=5000"})
class SqliteApplicationTest {
    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("orders.db"));
    }

    @Autowired
    DataSource dataSource;
    @Autowired
    OrderService orders;
    @Autowired
    JdbcTemplate jdbc;
    @Value("${local.server.port}")
    int port;

    @Test
    void theDataSourceIsACisternPoolWithTheBoundSettings() {
        assertThat(dataSource).isInstanceOf(CisternDataSource.class);
        PoolConfig config = ((CisternDataSource) dataSource).config();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("orders.db"));
        assertThat(config.poolName()).isEqualTo("orders");
        assertThat(config.maximumPoolSize()).isEqualTo(7);
        assertThat(config.minimumIdle()).isEqualTo(2);
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.circuitBreakerFailureThreshold()).isEqualTo(9);
        assertThat(config.metricsLatency()).isTrue();
        assertThat(config.dataSourceProperties()).containsEntry("busy_timeout", "5000");
    }

    @Test
    void flywayMigratedThroughThePoolAtStart() {
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success = 1", Integer.class))
                .isEqualTo(1);
        assertThat(((CisternDataSource) dataSource).stats().created()).isPositive();
    }

    @Test
    void aTransactionalServiceCommitsOrRollsBackThroughThePool() {
        jdbc.update("delete from orders");
        orders.place(List.of("apples", "pears"), false);
        assertThatThrownBy(() -> orders.place(List.of("plums", "quinces"), true)).hasMessage("payment declined");
        assertThat(orders.items()).containsExactly("apples", "pears");
        assertThat(((CisternDataSource) dataSource).stats().active()).as("every connection came back").isZero();
    }

    @Test
    void theActuatorReportsThePoolHealthUp() throws Exception {
        Http.Response health = Http.get(port, "/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(Http.healthStatus(health)).isEqualTo("UP");
        assertThat(health.body()).contains("\"cistern\"").contains("\"orders\"")
                .contains("\"circuit\":\"CLOSED\"");
        assertThat(Http.get(port, "/actuator/health/cistern").body()).contains("\"max\":7");
    }

    @Test
    void bootsJdbcMetricsAndCisternsMetersAnswer() throws Exception {
        assertThat(Http.metric(port, "jdbc.connections.max")).isEqualTo(7.0);
        assertThat(Http.metric(port, "jdbc.connections.min")).isEqualTo(2.0);
        assertThat(Http.metric(port, "db.client.connection.max")).isEqualTo(7.0);
        jdbc.queryForObject("select 1", Integer.class);
        assertThat(Http.metric(port, "db.client.connection.wait_time")).as("count of timed waits").isPositive();
    }
}
