package dev.cistern;

import static dev.cistern.StubPools.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, part 1, on a stub database with a connection limit shared by several pools (as one server is by
 * several instances): a full server degrades a pool, it does not fail it. The real-server version is
 * {@code it.ServerFullPostgresTest}.
 */
class ServerFullPoolTest {
    private final StubDatabase db = StubDatabase.create();
    private final List<CisternDataSource> pools = new ArrayList<>();

    @AfterEach
    void close() {
        pools.forEach(CisternDataSource::close);
    }

    private CisternDataSource pool(String name, int size, Duration connectionTimeout) {
        CisternDataSource ds = new CisternDataSource(config(db).poolName(name).maximumPoolSize(size).minimumIdle(size)
                .connectionTimeout(connectionTimeout).initializationFailTimeout(Duration.ZERO).build());
        pools.add(ds);
        return ds;
    }

    /** Borrows and returns on {@code threads} threads for {@code millis}; failures counted by exception class. */
    private static Map<String, AtomicLong> load(CisternDataSource ds, int threads, long millis) throws Exception {
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            running.add(workers.submit(() -> {
                while (System.nanoTime() < until) {
                    String outcome = "served";
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        s.execute("select 1");
                        Pause.millis(2);
                    } catch (SQLException e) {
                        outcome = e.getClass().getSimpleName() + " " + e.getSQLState();
                    }
                    outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        workers.shutdown();
        return outcomes;
    }

    /** Before: the second pool's circuit opened on the refusals and most of its borrowers failed at once. */
    @Test
    void aPoolHoldingSomeConnectionsServesEveryBorrowerWhileTheServerIsFull() throws Exception {
        db.maxConnections(6);
        CisternDataSource first = pool("first", 4, Duration.ofSeconds(5));
        await().atMost(10, TimeUnit.SECONDS).until(() -> first.stats().total() == 4);
        CisternDataSource second = pool("second", 4, Duration.ofSeconds(5));
        await().atMost(10, TimeUnit.SECONDS).until(() -> second.stats().total() == 2
                && second.stats().serverFullRefusals() > 0);

        long refusedBefore = second.stats().serverFullRefusals();
        long start = System.nanoTime();
        Map<String, AtomicLong> outcomes = load(second, 8, 1500);
        double seconds = (System.nanoTime() - start) / 1e9;
        long refused = second.stats().serverFullRefusals() - refusedBefore;

        assertThat(outcomes.keySet()).as("every borrower served: " + outcomes).containsExactly("served");
        assertThat(second.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(second.stats().circuitRefusals()).isZero();
        assertThat(second.stats().total()).as("held what the server had room for").isEqualTo(2);
        // One creation asks, about five times a second; a loop without the pause would ask thousands of times.
        assertThat(refused / seconds).as(refused + " refusals in " + seconds + " s").isLessThan(15);
        PoolHealth health = second.health();
        assertThat(health.status()).isEqualTo(PoolHealth.Status.DEGRADED);
        assertThat(health.reasons()).anySatisfy(r -> assertThat(r)
                .contains("the server refuses more connections as full: holding 2 of 4 wanted")
                .contains("too many clients"));
        assertThat(second.stats().toMap()).containsEntry("server_full_refusals", second.stats().serverFullRefusals());

        first.close();
        await("the freed slots are taken").atMost(5, TimeUnit.SECONDS).until(() -> second.stats().total() == 4);
        await().atMost(5, TimeUnit.SECONDS).until(() -> second.health().status() == PoolHealth.Status.UP);
    }

    @Test
    void withNoConnectionABorrowerWaitsItsTimeoutAndGetsTheServersRefusal() throws Exception {
        db.maxConnections(0);
        CisternDataSource ds = pool("empty", 4, Duration.ofMillis(800));
        long start = System.nanoTime();
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                .isNotInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("while the server refuses more connections as full")
                .hasMessageContaining("too many clients")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("53300"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited, not failed fast")
                .isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(ds.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(ds.health().status()).as("holds nothing: cannot serve").isEqualTo(PoolHealth.Status.DOWN);

        db.maxConnections(10);
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).as("served once the server has room").isTrue();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> ds.stats().total() == 4);
    }

    /** Many borrowers, no slot: the pool still sends about five attempts a second, not one per borrower. */
    @Test
    void manyWaitersDoNotMultiplyTheAttempts() throws Exception {
        db.maxConnections(0);
        CisternDataSource ds = pool("crowd", 4, Duration.ofMillis(1500));
        long attemptsBefore = db.connectAttempts();
        long start = System.nanoTime();
        Map<String, AtomicLong> outcomes = load(ds, 32, 1000);
        double seconds = (System.nanoTime() - start) / 1e9;
        long attempts = db.connectAttempts() - attemptsBefore;
        assertThat(outcomes.keySet()).as("only timeouts with the server's state: " + outcomes)
                .containsExactly("SQLTransientConnectionException 53300");
        assertThat(attempts / seconds).as(attempts + " connect attempts in " + seconds + " s").isLessThan(15);
    }

    @Test
    void aStartWithNoConnectionStillObeysInitializationFailTimeout() {
        db.maxConnections(0);
        assertThatThrownBy(() -> new CisternDataSource(config(db).poolName("strict")
                .initializationFailTimeout(Duration.ofMillis(300)).build()))
                .isInstanceOf(PoolInitializationException.class).hasMessageContaining("too many clients");
        CisternDataSource lenient = pool("lenient", 2, Duration.ofSeconds(1));
        assertThat(lenient.stats().serverFullRefusals()).isPositive();
        assertThat(lenient.stats().circuitState()).isEqualTo(CircuitState.CLOSED);
    }

    /** The breaker still does its job when the server is really down: the refusals rule is for "full" only. */
    @Test
    void theCircuitStillOpensWhenTheServerIsDown() {
        CisternDataSource ds = pool("down", 2, Duration.ofSeconds(2));
        await().atMost(5, TimeUnit.SECONDS).until(() -> ds.stats().total() == 2);
        db.failAllConnects(true);
        ds.softEvictConnections();
        await().atMost(10, TimeUnit.SECONDS).until(() -> ds.stats().circuitState() == CircuitState.OPEN);
        assertThat(ds.stats().serverFullRefusals()).isZero();
    }
}
