package dev.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The lending core's queue rules that the pool-level tests reach only by chance. */
class LenderTest {
    private final Lender lender = new Lender(new AtomicBoolean());

    /**
     * A failed creation fails the waiters it was opened for, not one that queued after the failure (which
     * asked for a connection of its own). Found by looping the suite: under load, a borrower that arrived
     * after the database recovered was told of the old "password authentication failed".
     */
    @Test
    void aCreationFailureFailsOnlyTheWaitersQueuedBeforeIt() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            Future<PoolEntry> before = threads.submit(() -> lender.await(deadline, () -> { }));
            awaitWaiters(1);
            long failedAt = System.nanoTime();
            Future<PoolEntry> after = threads.submit(() -> lender.await(deadline, () -> { }));
            awaitWaiters(2);

            lender.failWaitersQueuedBefore(failedAt, new SQLException("password authentication failed", "28P01"));

            assertThatThrownBy(() -> before.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("password authentication failed");
            assertThat(lender.waiterCount()).as("the later waiter still waits").isEqualTo(1);
            assertThat(after.get(5, TimeUnit.SECONDS)).as("it times out in its own time, unfailed").isNull();
        } finally {
            threads.shutdownNow();
        }
    }

    private void awaitWaiters(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (lender.waiterCount() < count) {
            assertThat(System.nanoTime() - deadline).as("waiters queued in time").isNegative();
            Thread.onSpinWait();
        }
    }
}
