package dev.cistern;

import static dev.cistern.StubPools.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.PoolHealth.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The health verdict as a load balancer or the dashboard sees it, through a database's ups and downs. */
class PoolHealthTest extends StubPoolTest {

    @Test
    void aWorkingPoolIsUp() throws Exception {
        ds = new CisternDataSource(config(db).build());
        ds.getConnection().close();
        assertThat(ds.health()).isEqualTo(new PoolHealth(Status.UP, java.util.List.of()));
    }

    @Test
    void anOpenCircuitIsDownWithTheLastErrorAndHealingBringsItBack() throws Exception {
        db.failAllConnects(true);
        ds = new CisternDataSource(config(db).minimumIdle(1).maxRetries(1)
                .initializationFailTimeout(Duration.ofMillis(-1))
                .circuitBreakerFailureThreshold(2).circuitBreakerOpenDuration(Duration.ofMillis(500)).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.circuitState() == CircuitState.OPEN);
        PoolHealth health = ds.health();
        assertThat(health.status()).isEqualTo(Status.DOWN);
        assertThat(health.reasons()).singleElement().asString()
                .startsWith("the circuit breaker is open").contains("stub: connection refused");
        db.failAllConnects(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.health().status() == Status.UP);
    }

    @Test
    void noConnectionAndNoWayToOpenOneIsDownEvenWithoutTheCircuit() {
        db.failConnectsWith(new SQLException("FATAL: password authentication failed; password=hunter2", "28P01"));
        ds = new CisternDataSource(config(db).password("hunter2").circuitBreakerEnabled(false)
                .initializationFailTimeout(Duration.ofMillis(-1)).connectionTimeout(Duration.ofMillis(200)).build());
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class);
        PoolHealth health = ds.health();
        assertThat(health.status()).isEqualTo(Status.DOWN);
        assertThat(health.reasons()).singleElement().asString()
                .startsWith("no connection is open and none could be opened").doesNotContain("hunter2");
    }

    @Test
    void timeoutsWithinTheWindowDegradeIt() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(1).connectionTimeout(Duration.ofMillis(100)).build());
        try (Connection held = ds.getConnection()) {
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class);
        }
        PoolHealth health = ds.health();
        assertThat(health.status()).isEqualTo(Status.DEGRADED);
        assertThat(health.reasons()).containsExactly("1 borrow timed out waiting for a connection in the last 60 s");
        assertThat(ds.stats().recentTimeouts()).isEqualTo(1);
    }

    @Test
    void aSuspendedPoolIsDegradedAndAClosedOneDown() {
        ds = new CisternDataSource(config(db).build());
        ds.suspend();
        assertThat(ds.health().status()).isEqualTo(Status.DEGRADED);
        assertThat(ds.health().reasons()).containsExactly("the pool is suspended: borrowers wait until it is resumed");
        ds.resume();
        assertThat(ds.health().status()).isEqualTo(Status.UP);
        ds.close();
        assertThat(ds.health()).isEqualTo(new PoolHealth(Status.DOWN, java.util.List.of("the pool is closed")));
    }
}
