package dev.cistern;

import static dev.cistern.StubPools.config;
import static dev.cistern.StubPools.physical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The faults issue 4 names, each with the same closing checks: no physical connection leaked, no
 * connection lent to two borrowers at once, and {@code created - destroyed = total}. Faults met by one
 * borrower on its own connection live with the cycle they disturb: a fatal SQLState and a connection closed
 * behind the pool's back in {@link BorrowReturnTest}, a lifetime running out while borrowed in
 * {@link LifecycleTest}.
 */
class FaultTest {
    private final StubDatabase db = StubDatabase.create();
    private final ExclusiveUse exclusive = new ExclusiveUse(db);
    private CisternDataSource ds;

    @AfterEach
    void tearDown() {
        db.hangOnConnect(false);
        db.hangValidation(false);
        db.ignoreValidationTimeout(false);
        db.failAllConnects(false);
        if (ds != null) {
            PoolStats stats = ds.stats();
            assertThat(stats.created() - stats.destroyed()).as("created - destroyed = total").isEqualTo(stats.total());
            ds.close();
        }
        assertThat(exclusive.violations()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(db.openConnectionCount()).as("physical connections left open").isZero());
        assertThat(db.connectionsClosed()).isEqualTo(db.connectionsOpened());
    }

    @Test
    void aHangingConnectIsBoundedByConnectionTimeoutAndTheLateConnectionIsClosed() throws Exception {
        ds = new CisternDataSource(config(db).connectionTimeout(Duration.ofMillis(500)).maxRetries(0)
                .initializationFailTimeout(Duration.ofMillis(-1)).build());
        db.hangOnConnect(true);
        long start = System.nanoTime();
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        // The creator gave up on the attempt too (it did not sit in the driver): it was counted as failed.
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().createFailures() >= 1);
        assertThat(ds.stats().total()).isZero();
        db.hangOnConnect(false); // the driver wakes up; whatever it opens for the abandoned attempt is closed
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(ds.stats().total()).isEqualTo(1);
    }

    @Test
    void aHangingValidationIsBoundedByValidationTimeoutEvenWhenTheDriverIgnoresIt() throws Exception {
        ds = new CisternDataSource(config(db).aliveBypassWindow(Duration.ZERO)
                .validationTimeout(Duration.ofMillis(300)).connectionTimeout(Duration.ofSeconds(20)).build());
        Connection first = ds.getConnection();
        long firstId = physical(first).id();
        first.close();
        // The driver's isValid ignores its timeout (some do) and would hang until the database answers,
        // which here is in 10 s. The pool's network timeout on the socket must cut the check short.
        db.ignoreValidationTimeout(true).hangValidation(true);
        Thread healer = new Thread(() -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException ignored) {
                // ended early by the test
            }
            db.hangValidation(false);
        });
        healer.start();
        long start = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            assertThat(physical(c).id()).as("the hung connection was discarded").isNotEqualTo(firstId);
        } finally {
            healer.interrupt();
            healer.join();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by validationTimeout, far below 10 s")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(ds.stats().validationFailures()).isEqualTo(1);
    }

    @Test
    void databaseDownMidLoadAndBack() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(4).minimumIdle(2)
                .connectionTimeout(Duration.ofMillis(800)).maxRetries(1)
                .aliveBypassWindow(Duration.ZERO)
                .circuitBreakerFailureThreshold(3).circuitBreakerOpenDuration(Duration.ofMillis(300)).build());
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(12);
        for (int i = 0; i < 12; i++) {
            threads.execute(() -> load(deadline, ok, refused));
        }
        Thread.sleep(700);
        db.failAllConnects(true);
        db.breakAllOpenConnections(); // the database goes away: open sessions die, new ones are refused
        Thread.sleep(1000);
        db.failAllConnects(false); // and comes back
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.get()).as("borrowers were refused while it was down").isPositive();
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.circuitState() == CircuitState.CLOSED);
        long before = ok.get();
        load(System.nanoTime() + Duration.ofMillis(300).toNanos(), ok, refused);
        assertThat(ok.get()).as("serving again after it came back").isGreaterThan(before);
    }

    @Test
    void everyConnectionBrokenAtOnceUnderLoad() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(4).connectionTimeout(Duration.ofSeconds(5)).build());
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8; i++) {
            threads.execute(() -> load(deadline, ok, refused));
        }
        for (int i = 0; i < 5; i++) {
            Thread.sleep(300);
            db.breakAllOpenConnections();
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ok.get()).isPositive();
        assertThat(refused.get()).as("no borrower timed out: broken connections were replaced").isZero();
    }

    /** Borrow, use, return until the deadline; counts refusals (timeouts, open circuit) separately. */
    private void load(long deadline, AtomicLong ok, AtomicLong refused) {
        while (System.nanoTime() - deadline < 0) {
            try (Connection c = ds.getConnection()) {
                long id = exclusive.borrowed(c);
                try (Statement s = c.createStatement()) {
                    s.executeQuery("select 1").next();
                    ok.incrementAndGet();
                } finally {
                    exclusive.returning(id);
                }
            } catch (SQLTransientConnectionException e) {
                refused.incrementAndGet();
            } catch (SQLException e) {
                // a statement on a connection that broke under us: the pool discards it on return
            }
        }
    }
}
