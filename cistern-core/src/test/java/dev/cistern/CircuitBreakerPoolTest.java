package dev.cistern;

import static dev.cistern.StubPools.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The circuit breaker in a running pool, against the stub driver's connect failures. */
class CircuitBreakerPoolTest extends StubPoolTest {
    private final List<String> transitions = new CopyOnWriteArrayList<>();

    private PoolConfig.Builder breakerConfig(Duration openDuration) {
        return config(db)
                .connectionTimeout(Duration.ofSeconds(10)) // long, so that failing fast is visibly not a timeout
                .minimumIdle(2)
                .maxRetries(1)
                .initializationFailTimeout(Duration.ofMillis(-1))
                .circuitBreakerFailureThreshold(3)
                .circuitBreakerOpenDuration(openDuration)
                .listener(new PoolListener() {
                    @Override
                    public void circuitStateChanged(CircuitState from, CircuitState to, Throwable cause) {
                        transitions.add(from + "->" + to);
                    }
                });
    }

    @Test
    void databaseDownAtStartFailsBorrowersFastThenHealsWithinTheOpenPeriod() throws Exception {
        db.failAllConnects(true);
        Duration openDuration = Duration.ofSeconds(1);
        ds = new CisternDataSource(breakerConfig(openDuration).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.circuitState() == CircuitState.OPEN);

        long start = System.nanoTime();
        assertThatThrownBy(ds::getConnection)
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("circuit breaker is open")
                .hasMessageContaining("stub: connection refused");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("fails at once, not after connectionTimeout (10 s)").isLessThan(Duration.ofSeconds(2));
        assertThat(ds.stats().circuitState()).isEqualTo(CircuitState.OPEN);
        assertThat(ds.stats().toMap()).containsEntry("circuit_state", "OPEN");

        db.failAllConnects(false);
        long healed = System.nanoTime();
        // The issue asks for openDuration + 1 s; the extra second here is margin for a loaded CI machine.
        await().atMost(openDuration.plusSeconds(2)).until(() -> ds.circuitState() == CircuitState.CLOSED);
        assertThat(Duration.ofNanos(System.nanoTime() - healed)).isLessThan(openDuration.plusSeconds(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().idle() == 2);
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(transitions).startsWith("CLOSED->OPEN").endsWith("HALF_OPEN->CLOSED");
        PoolStats stats = ds.stats();
        assertThat(stats.created() - stats.destroyed()).isEqualTo(stats.total());
    }

    @Test
    void aFailedProbeReopensAndStopsConnectAttemptsMeanwhile() throws Exception {
        db.failAllConnects(true);
        ds = new CisternDataSource(breakerConfig(Duration.ofMillis(300)).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> transitions.contains("HALF_OPEN->OPEN"));
        long attempts = db.connectAttempts();
        Thread.sleep(200); // within an open period nothing is tried...
        assertThat(db.connectAttempts()).isLessThanOrEqualTo(attempts + 1); // ...but at most the next probe
        assertThat(ds.circuitState()).isNotEqualTo(CircuitState.CLOSED);
    }

    @Test
    void whileOpenIdleConnectionsAreStillLent() throws Exception {
        // 3 attempts per creation (maxRetries 2) reach the threshold of 3 in one failed creation.
        ds = new CisternDataSource(breakerConfig(Duration.ofSeconds(30)).maximumPoolSize(3).maxRetries(2).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().idle() == 2);
        db.failAllConnects(true);
        Connection a = ds.getConnection();
        Connection b = ds.getConnection();
        // The third borrow needs a new connection: the attempts fail and open the circuit.
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.circuitState() == CircuitState.OPEN);
        a.close();
        try (Connection again = ds.getConnection()) { // served from idle while OPEN
            assertThat(again.isValid(1)).isTrue();
        }
        b.close();
        assertThatThrownBy(() -> {
            try (Connection c1 = ds.getConnection(); Connection c2 = ds.getConnection(); Connection c3 = ds.getConnection()) {
                c3.isValid(1);
            }
        }).hasMessageContaining("circuit breaker is open");
        assertThat(ds.stats().total()).isEqualTo(2);
    }

    /**
     * When the circuit's open period ends, one creation becomes the probe and the others racing it are
     * refused. A refused one still counted as pending while the probe closed the circuit and looked at
     * demand, so it must look again itself; otherwise the refill stalls until the next housekeeping round
     * (set to 10 minutes here, so only the event-driven refill can pass). The race needs a refused creation
     * to be descheduled for the probe's whole run; it failed a CI run once but did not show in 300 rounds on
     * an idle machine, so this guards the refill after every close rather than reproducing that interleaving.
     */
    @Test
    void everyCloseOfTheCircuitRefillsToMinimumIdleWithoutWaitingForHousekeeping() {
        ds = new CisternDataSource(config(db).minimumIdle(4).maximumPoolSize(4).maxRetries(0)
                .connectionTimeout(Duration.ofSeconds(10)).housekeepingPeriod(Duration.ofMinutes(10))
                .circuitBreakerFailureThreshold(1).circuitBreakerOpenDuration(Duration.ofMillis(30)).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().idle() == 4);
        for (int round = 1; round <= 25; round++) {
            db.failAllConnects(true);
            ds.softEvictConnections(); // the refill that follows fails and opens the circuit
            await().atMost(Duration.ofSeconds(5)).until(() -> ds.circuitState() != CircuitState.CLOSED);
            db.failAllConnects(false);
            int r = round;
            await().atMost(Duration.ofSeconds(5)).alias("refilled in round " + r)
                    .until(() -> ds.circuitState() == CircuitState.CLOSED && ds.stats().idle() == 4);
        }
        PoolStats stats = ds.stats();
        assertThat(stats.created() - stats.destroyed()).isEqualTo(stats.total());
    }

    @Test
    void manualResetClosesTheCircuitAndTheRefillResumes() throws Exception {
        db.failAllConnects(true);
        ds = new CisternDataSource(breakerConfig(Duration.ofMinutes(5)).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.circuitState() == CircuitState.OPEN);
        db.failAllConnects(false);
        assertThat(ds.resetCircuit()).isEqualTo(CircuitState.OPEN);
        assertThat(ds.circuitState()).isEqualTo(CircuitState.CLOSED);
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().idle() == 2);
    }

    @Test
    void disabledBreakerWaitsOutTheTimeoutAsBefore() {
        db.failAllConnects(true);
        ds = new CisternDataSource(breakerConfig(Duration.ofSeconds(1)).circuitBreakerEnabled(false)
                .connectionTimeout(Duration.ofMillis(600)).build());
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("circuit breaker"));
        assertThat(ds.circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(transitions).isEmpty();
    }
}
