package dev.cistern.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds a connection attempt by time. A driver's connect can hang (a firewall dropping packets, a DNS
 * stall) far longer than any borrower waits, and drivers' own connect timeouts are optional and differ;
 * so the attempt runs on a connector thread and the caller waits at most {@code timeoutNanos}. An attempt
 * that overruns is abandoned: the connector thread is interrupted, and if the driver still returns a
 * connection later, it is closed at once rather than leaked.
 *
 * <p>Invariant: every connection the driver returns is either handed to the caller or closed, never both
 * and never neither: the caller and the connector settle the attempt with one CAS each on {@code state}
 * (PENDING to ABANDONED when the caller gives up, PENDING to DONE when the connection arrives), and
 * whoever loses knows what the other did. {@link #shutdown} waits for attempts still in the driver, so
 * that a pool's {@code close()} returns only after their late connections were closed.
 */
final class BoundedConnect {
    /** At most this many connects may hang at once; further attempts fail rather than pile up threads. */
    static final int MAX_CONNECTOR_THREADS = 16;

    interface Opener {
        Connection open() throws SQLException;
    }

    private static final int PENDING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    private final ThreadPoolExecutor connectors;

    BoundedConnect(String poolName) {
        this.connectors = new ThreadPoolExecutor(0, MAX_CONNECTOR_THREADS, 5, TimeUnit.SECONDS,
                new SynchronousQueue<>(), PoolThreads.named(poolName, "connector", true));
    }

    Connection open(Opener opener, long timeoutNanos) throws SQLException {
        AtomicInteger state = new AtomicInteger(PENDING);
        Future<Connection> attempt;
        try {
            attempt = connectors.submit(() -> {
                Connection connection = opener.open();
                if (!state.compareAndSet(PENDING, DONE)) {
                    ConnectionFactory.closeQuietly(connection); // the caller gave up on us: nobody will use it
                    return null;
                }
                return connection;
            });
        } catch (RejectedExecutionException e) {
            throw new SQLTransientConnectionException("too many connection attempts are still hanging ("
                    + MAX_CONNECTOR_THREADS + "); not starting another", "08001");
        }
        try {
            return attempt.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (state.compareAndSet(PENDING, ABANDONED)) {
                attempt.cancel(true);
                throw new SQLTransientConnectionException("connection attempt did not finish within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (connectionTimeout); abandoned", "08001");
            }
            return await(attempt); // it arrived just now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (state.compareAndSet(PENDING, ABANDONED)) {
                attempt.cancel(true);
                throw new SQLException("interrupted while opening a connection", "08001");
            }
            return await(attempt);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** The connector settled DONE, so its result is a connection that is ours; wait the moment it takes. */
    private static Connection await(Future<Connection> attempt) throws SQLException {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return attempt.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw unwrap(e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static SQLException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SQLException) {
            return (SQLException) cause;
        }
        return new SQLException(String.valueOf(cause), "08001", cause);
    }

    /**
     * Interrupts the attempts in flight and waits, until {@code deadline} (a nanoTime), for them to leave
     * the driver; returns false if some are still there (a driver that ignores interrupts and hangs).
     */
    boolean shutdown(long deadline) {
        connectors.shutdownNow();
        try {
            return connectors.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
