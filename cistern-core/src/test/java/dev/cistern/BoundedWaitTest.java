package dev.cistern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Every borrow answers within one {@code connectionTimeout}, whatever it spends the time on (validating idle
 * connections, waiting out a suspension, queueing), and no waiter sleeps while a connection lies idle. The
 * bounds are generous (timing belongs in benchmarks); each test's "before" figure shows what it catches.
 */
class BoundedWaitTest extends StubPoolTest {
    /** Slack over connectionTimeout allowed for scheduling on a loaded 2-core machine. */
    private static final long SLACK_MS = 400;

    /** Before: each of the four idle connections got its own validationTimeout, one after another (2.1 s). */
    /** A borrow with its own, shorter wait: for callers that can go elsewhere (the router's next replica). */
    @Test
    void aBorrowWithAShorterWaitGivesUpAtItsOwnLimit() throws Exception {
        ds = new CisternDataSource(StubPools.config(db).maximumPoolSize(1).connectionTimeout(Duration.ofSeconds(20)).build());
        try (Connection held = ds.getConnection()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> ds.getConnection(Duration.ofMillis(200)))
                    .isInstanceOf(SQLTransientConnectionException.class).hasMessageContaining("timed out after 200ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not connectionTimeout's 20 s")
                    .isLessThan(Duration.ofSeconds(10));
        }
        try (Connection c = ds.getConnection(Duration.ofMillis(200))) {
            assertThat(c.isValid(1)).as("free again: lent at once").isTrue();
        }
        assertThat(ds.stats().timeouts()).isEqualTo(1);
    }

    @Test
    void borrowTimeValidationSpendsFromTheBorrowsOwnBudget() throws Exception {
        ds = new CisternDataSource(StubPools.config(db)
                .minimumIdle(4).maximumPoolSize(4)
                .connectionTimeout(Duration.ofMillis(500))
                .validationTimeout(Duration.ofMillis(400))
                .aliveBypassWindow(Duration.ofMillis(1))
                .build());
        ds.warmUp();
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // past the alive-bypass window
        db.hangValidation(true); // every check hangs until the socket (network) timeout ends it
        db.failAllConnects(true); // and no fresh replacement arrives to be lent instead
        long start = System.nanoTime();
        assertThatThrownBy(() -> ds.getConnection()).isInstanceOf(SQLTransientConnectionException.class);
        long tookMs = elapsedMs(start);
        db.hangValidation(false);
        db.failAllConnects(false);
        assertThat(tookMs).as("getConnection with connectionTimeout 500 ms took %d ms", tookMs)
                .isLessThan(500 + SLACK_MS);
    }

    /** A connection whose check was cut short by the borrower's deadline is not lent unchecked. */
    @Test
    void aValidationCutShortIsNeverTakenForASuccess() throws Exception {
        ds = new CisternDataSource(StubPools.config(db)
                .minimumIdle(1).maximumPoolSize(1)
                .connectionTimeout(Duration.ofMillis(300))
                .validationTimeout(Duration.ofSeconds(5))
                .aliveBypassWindow(Duration.ofMillis(1))
                .build());
        ds.warmUp();
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        db.hangValidation(true);
        db.failAllConnects(true); // no fresh replacement either: the hung connection is all there is
        assertThatThrownBy(() -> ds.getConnection()).isInstanceOf(SQLTransientConnectionException.class);
        db.hangValidation(false);
        db.failAllConnects(false);
        try (Connection connection = ds.getConnection()) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    /** Before: 1.7 s — the suspension and the queue each took a whole timeout. */
    @Test
    void aSuspendedBorrowerWaitsOneTimeoutInAll() throws Exception {
        ds = new CisternDataSource(StubPools.config(db)
                .maximumPoolSize(1)
                .connectionTimeout(Duration.ofMillis(1000))
                .build());
        try (Connection held = ds.getConnection()) {
            ds.suspend();
            long start = System.nanoTime();
            CompletableFuture<Long> borrower = CompletableFuture.supplyAsync(() -> {
                try (Connection c = ds.getConnection()) {
                    return -1L;
                } catch (SQLException e) {
                    return elapsedMs(start);
                }
            });
            LockSupport.parkNanos(Duration.ofMillis(700).toNanos());
            ds.resume(); // the only connection is still held, so the borrower now queues
            long tookMs = borrower.get(10, TimeUnit.SECONDS);
            assertThat(tookMs).as("the borrow timed out (ms; -1 = it got a connection)").isPositive();
            assertThat(tookMs).isLessThan(1000 + SLACK_MS);
        }
    }

    /** While suspended past the deadline, the borrower is refused as suspended, and counted apart. */
    @Test
    void aSuspendedRefusalSaysSoAndIsCountedApartFromTimeouts() throws Exception {
        ds = new CisternDataSource(StubPools.config(db).connectionTimeout(Duration.ofMillis(200)).build());
        ds.suspend();
        assertThatThrownBy(() -> ds.getConnection())
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("suspended");
        ds.resume();
        assertThat(ds.stats().suspendedRefusals()).isEqualTo(1);
        assertThat(ds.stats().timeouts()).isZero();
    }

    /**
     * A release that wakes a young waiter (rather than handing it the connection) relies on that waiter to
     * scan. If the waiter is interrupted at that moment it must pass the wake-up on, or the next waiter
     * sleeps its whole timeout beside an idle connection. Before: most rounds left the second waiter
     * asleep for its full 3 s.
     */
    @Test
    void anInterruptedWaiterPassesItsWakeUpOn() throws Exception {
        runWakeUpRounds(Executors.newCachedThreadPool());
    }

    @Test
    void anInterruptedVirtualWaiterPassesItsWakeUpOn() throws Exception {
        ExecutorService virtual = VirtualThreadsForTests.executorOrNull();
        assumeTrue(virtual != null, "virtual threads need JDK 21+; on 17 the platform-thread variant covers the logic");
        runWakeUpRounds(virtual);
    }

    private void runWakeUpRounds(ExecutorService threads) throws Exception {
        ds = new CisternDataSource(StubPools.config(db)
                .maximumPoolSize(1)
                .connectionTimeout(Duration.ofSeconds(3))
                .build());
        try {
            for (int round = 0; round < 50; round++) {
                Connection held = ds.getConnection();
                AtomicReference<Thread> firstThread = new AtomicReference<>();
                Future<?> first = threads.submit(() -> {
                    firstThread.set(Thread.currentThread());
                    try (Connection c = ds.getConnection()) {
                        return "got it";
                    }
                });
                awaitWaiting(1);
                Future<Long> second = threads.submit(() -> {
                    long start = System.nanoTime();
                    try (Connection c = ds.getConnection()) {
                        return elapsedMs(start);
                    }
                });
                awaitWaiting(2);
                // Both within the first waiter's first 10 ms: the release wakes it instead of handing over.
                firstThread.get().interrupt();
                held.close();
                try {
                    first.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException expected) {
                    // interrupted, or it took the connection before noticing: either way it is done
                }
                long secondMs = second.get(10, TimeUnit.SECONDS);
                assertThat(secondMs).as("round %d: second waiter's wait (ms)", round).isLessThan(1500);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * {@code shrink} may retire the idle connection a woken waiter was about to claim; it must then ask for
     * a replacement, as eviction does. Before: the waiter slept its whole timeout with a free slot.
     */
    @Test
    void shrinkNeverStrandsAWaiter() throws Exception {
        ds = new CisternDataSource(StubPools.config(db)
                .maximumPoolSize(1)
                .connectionTimeout(Duration.ofSeconds(3))
                .build());
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            for (int round = 0; round < 20; round++) {
                Connection held = ds.getConnection();
                Future<Long> waiter = threads.submit(() -> {
                    long start = System.nanoTime();
                    try (Connection c = ds.getConnection()) {
                        return elapsedMs(start);
                    }
                });
                awaitWaiting(1);
                held.close();
                ds.shrink(0);
                assertThat(waiter.get(10, TimeUnit.SECONDS)).as("round %d: waiter's wait (ms)", round).isLessThan(1500);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void awaitWaiting(int waiters) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ds.stats().pending() < waiters) {
            assertThat(System.nanoTime() - deadline).as("waiters queued in time").isNegative();
            Thread.onSpinWait();
        }
    }

    static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
