package dev.cistern;

import static dev.cistern.StubPools.config;
import static dev.cistern.StubPools.physical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.testkit.stub.StubConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Creation with retries, start-up rules, housekeeping and shutdown. */
class LifecycleTest extends StubPoolTest {

    @Test
    void creationRetriesWithBackoffAndThenSucceeds() throws SQLException {
        db.failNextConnects(2);
        ds = new CisternDataSource(config(db).build());
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(db.connectAttempts()).isEqualTo(3);
        assertThat(ds.stats().createFailures()).isEqualTo(2);
    }

    @Test
    void unreachableDatabaseFailsStartAfterTheRetriesWithAClearError() {
        db.failAllConnects(true);
        long start = System.nanoTime();
        assertThatThrownBy(() -> new CisternDataSource(config(db).poolName("unreachable").maxRetries(3).build()))
                .isInstanceOf(PoolInitializationException.class)
                .hasMessageContaining("unreachable - could not open a connection to " + db.url())
                .hasMessageContaining("(4 attempts in ")
                .hasMessageContaining("connection refused");
        assertThat(db.connectAttempts()).isEqualTo(4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void negativeInitializationFailTimeoutStartsLazilyAndBorrowersGetTheError() {
        db.failAllConnects(true);
        ds = new CisternDataSource(config(db).initializationFailTimeout(Duration.ofMillis(-1)).build());
        assertThat(db.connectAttempts()).isZero();
        long start = System.nanoTime();
        assertThatThrownBy(ds::getConnection)
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("could not open a connection")
                .hasMessageContaining("connection refused");
        // the borrower learns of the failure after the retries, well before connectionTimeout (2 s)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        db.failAllConnects(false);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
        });
    }

    @Test
    void zeroInitializationFailTimeoutTriesOnceButStarts() {
        db.failAllConnects(true);
        ds = new CisternDataSource(config(db).initializationFailTimeout(Duration.ZERO).maxRetries(0).build());
        assertThat(db.connectAttempts()).isEqualTo(1);
        assertThat(ds.isClosed()).isFalse();
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(1).connectionTimeout(Duration.ofSeconds(10)).build());
        Connection held = ds.getConnection();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int number = i;
            waiters.add(CompletableFuture.runAsync(() -> {
                try (Connection c = ds.getConnection()) {
                    order.add(number);
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }, command -> new Thread(command).start()));
            int expected = i + 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().pending() == expected);
        }
        held.close();
        CompletableFuture.allOf(waiters.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        assertThat(order).containsExactly(0, 1, 2);
    }

    @Test
    void twoQuickReturnsReachTwoWaiters() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(2).connectionTimeout(Duration.ofSeconds(20)).build());
        Connection first = ds.getConnection();
        Connection second = ds.getConnection();
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            waiters.add(CompletableFuture.runAsync(() -> {
                try (Connection c = ds.getConnection()) {
                    assertThat(c.isValid(1)).isTrue();
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            }, command -> new Thread(command).start()));
        }
        // Return both as soon as both wait, so that the waiters are still young and are woken to compete
        // rather than handed a connection: each must still get one, long before the 20 s timeout.
        await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5)).until(() -> ds.stats().pending() == 2);
        first.close();
        second.close();
        CompletableFuture.allOf(waiters.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        assertThat(ds.stats().timeouts()).isZero();
    }

    @Test
    void interruptedWaiterStopsWaitingAndKeepsItsInterruptFlag() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(1).connectionTimeout(Duration.ofSeconds(30)).build());
        try (Connection held = ds.getConnection()) {
            CompletableFuture<String> outcome = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try (Connection c = ds.getConnection()) {
                    outcome.complete("got a connection");
                } catch (SQLException e) {
                    outcome.complete(e.getMessage() + " interrupted=" + Thread.currentThread().isInterrupted());
                }
            });
            waiter.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().pending() == 1);
            waiter.interrupt();
            assertThat(outcome.get(5, TimeUnit.SECONDS)).contains("interrupted while waiting").endsWith("interrupted=true");
        }
        assertThat(ds.stats().pending()).isZero();
    }

    @Test
    void idleConnectionsAboveMinimumIdleRetire() throws SQLException {
        ds = new CisternDataSource(config(db).minimumIdle(1).idleTimeout(Duration.ofMillis(100))
                .housekeepingPeriod(Duration.ofMillis(50)).build());
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(ds.getConnection());
        }
        for (Connection c : held) {
            c.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().total() == 1);
        assertThat(ds.stats().destroyed()).isEqualTo(3);
        assertThat(db.openConnectionCount()).isEqualTo(1);
    }

    @Test
    void underAVirtualThreadPerRequestTheConnectionsNotNeededRetire() throws Exception {
        java.util.concurrent.ExecutorService executor = VirtualThreadsForTests.executorOrNull();
        org.junit.jupiter.api.Assumptions.assumeTrue(executor != null, "virtual threads need JDK 21+");
        ds = new CisternDataSource(config(db).maximumPoolSize(8).minimumIdle(1).idleTimeout(Duration.ofMillis(300))
                .housekeepingPeriod(Duration.ofMillis(50)).build());
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 8; i++) { // a burst opens all eight
            held.add(ds.getConnection());
        }
        for (Connection c : held) {
            c.close();
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            try {
                while (!stop.get()) { // then one request at a time, each on a new virtual thread
                    executor.submit(() -> {
                        try (Connection c = ds.getConnection()) {
                            return c.isValid(1);
                        }
                    }).get();
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            // Requests that start one entry further on each time would keep all eight in use (each every
            // ~40 ms, never idle for 300 ms); from the front, one serves them and the rest retire.
            await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().total() <= 2);
        } finally {
            stop.set(true);
            load.get(5, TimeUnit.SECONDS);
            executor.shutdown();
        }
        assertThat(ds.stats().destroyed()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void connectionsRetireAtMaxLifetimeAndAreReplaced() throws SQLException {
        ds = new CisternDataSource(config(db).minimumIdle(2).maxLifetime(Duration.ofMillis(200))
                .housekeepingPeriod(Duration.ofMillis(50)).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().idle() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().destroyed() >= 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().idle() == 2);
        assertThat(ds.stats().created()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void lifetimeExpiryWhileBorrowedRetiresOnReturnNotUnderTheUser() throws SQLException {
        ds = new CisternDataSource(config(db).maxLifetime(Duration.ofMillis(100))
                .housekeepingPeriod(Duration.ofMillis(20)).build());
        StubConnection expired;
        try (Connection c = ds.getConnection()) {
            expired = physical(c);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(300).toNanos()); // several housekeeping runs
            assertThat(expired.isClosed()).as("not closed under its borrower").isFalse();
            assertThat(c.isValid(1)).as("still usable by its borrower").isTrue();
            try (Statement s = c.createStatement()) {
                assertThat(s.executeQuery("select 1").next()).isTrue();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(expired::isClosed); // retired once given back
        try (Connection c = ds.getConnection()) {
            assertThat(physical(c)).as("the expired connection is never lent again").isNotSameAs(expired);
        }
        assertThat(ds.stats().destroyed()).isPositive();
        // Idle connections keep expiring and being replaced meanwhile, so the counts agree only between moves.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            PoolStats stats = ds.stats();
            assertThat(stats.created() - stats.destroyed()).as("created - destroyed = total").isEqualTo(stats.total());
        });
    }

    @Test
    void keepaliveFindsDeadIdleConnections() {
        ds = new CisternDataSource(config(db).minimumIdle(2).keepaliveTime(Duration.ofMillis(100))
                .housekeepingPeriod(Duration.ofMillis(50)).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().idle() == 2);
        db.breakAllOpenConnections();
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().validationFailures() >= 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> ds.stats().idle() == 2);
    }

    @Test
    void softEvictionRetiresIdleNowAndBorrowedOnReturn() throws SQLException {
        ds = new CisternDataSource(config(db).minimumIdle(0).build());
        Connection borrowed = ds.getConnection();
        StubConnection borrowedStub = physical(borrowed);
        try (Connection other = ds.getConnection()) {
            assertThat(other).isNotNull();
        }
        assertThat(ds.stats().idle()).isEqualTo(1);
        ds.softEvictConnections();
        assertThat(ds.stats().idle()).isZero();
        assertThat(borrowedStub.isClosed()).isFalse();
        borrowed.close();
        await().atMost(Duration.ofSeconds(5)).until(borrowedStub::isClosed);
        assertThat(ds.stats().total()).isZero();
    }

    @Test
    void shrinkClosesIdleConnectionsDownToTheTarget() throws SQLException {
        ds = new CisternDataSource(config(db).build());
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(ds.getConnection());
        }
        for (Connection c : held) {
            c.close();
        }
        assertThat(ds.shrink(1)).isEqualTo(3);
        assertThat(ds.stats().idle()).isEqualTo(1);
        assertThatThrownBy(() -> ds.shrink(-1)).hasMessageContaining("targetIdle must be 0 or more");
    }

    @Test
    void closeWaitsForBorrowedConnectionsThenClosesEverything() throws Exception {
        ds = new CisternDataSource(config(db).minimumIdle(2).shutdownTimeout(Duration.ofSeconds(5)).build());
        Connection borrowed = ds.getConnection();
        CountDownLatch closing = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            closing.countDown();
            ds.close();
        });
        closer.start();
        closing.await();
        await().atMost(Duration.ofSeconds(5)).until(ds::isClosed);
        assertThatThrownBy(ds::getConnection).hasMessageContaining("pool is closed");
        assertThat(physical(borrowed).isClosed()).as("borrowed connection still usable during the grace period").isFalse();
        borrowed.close();
        closer.join(5000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(db.openConnectionCount()).isZero();
    }

    @Test
    void closeAbortsConnectionsNotReturnedWithinTheShutdownTimeout() throws SQLException {
        ds = new CisternDataSource(config(db).shutdownTimeout(Duration.ofMillis(100)).build());
        Connection borrowed = ds.getConnection();
        StubConnection stub = physical(borrowed);
        ds.close();
        assertThat(stub.isClosed()).isTrue();
        assertThatThrownBy(borrowed::createStatement).hasMessageContaining("pool was closed");
        borrowed.close(); // late close by the holder is harmless
        assertThat(ds.stats().total()).isZero();
    }

    @Test
    void countsAddUpAfterChurn() throws SQLException {
        ds = new CisternDataSource(config(db).build());
        for (int i = 0; i < 20; i++) {
            try (Connection c = ds.getConnection()) {
                if (i % 3 == 0) {
                    c.unwrap(Connection.class).close();
                }
            }
        }
        PoolStats stats = ds.stats();
        assertThat(stats.created() - stats.destroyed()).isEqualTo(stats.total());
        assertThat(db.connectionsOpened() - db.connectionsClosed()).isEqualTo(stats.total());
    }

    /**
     * A connect still in the driver when the pool closes (a socket connect ignores interrupts) is waited for
     * and its connection closed before {@code close()} returns. Before: it was closed up to a second later.
     */
    @Test
    void closeReturnsOnlyAfterALateConnectHasBeenClosed() throws Exception {
        db.connectDelay(Duration.ofMillis(400));
        ds = new CisternDataSource(config(db).minimumIdle(2).initializationFailTimeout(Duration.ofMillis(-1)).build());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> db.connectAttempts() >= 1);
        ds.close();
        long openedByClose = db.connectionsOpened();
        assertThat(db.openConnectionCount()).as("physical connections open when close() returned").isZero();
        Thread.sleep(600); // past the connect delay: no connect of the pool's finishes after close()
        assertThat(db.connectionsOpened()).as("connections opened after close() returned").isEqualTo(openedByClose);
        assertThat(db.openConnectionCount()).isZero();
    }
}
