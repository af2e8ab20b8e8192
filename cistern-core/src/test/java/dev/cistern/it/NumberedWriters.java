package dev.cistern.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Threads that each insert numbered rows through a data source and commit, as an application writing through a
 * failover would: every id whose commit returned is remembered, so a test can look for each on the server that
 * is primary afterwards (none lost), and the primary key refuses a second copy (none written twice). Failures
 * are counted by SQLState; the newest success is timed, so a test can see when writes came back.
 */
final class NumberedWriters implements AutoCloseable {
    static final String TABLE = "failover_rows";

    private final DataSource dataSource;
    private final Set<Long> committed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    /** System.nanoTime() of the first commit that returned after {@link #markFrom}; 0 until then. */
    private final AtomicLong firstCommitAfterMark = new AtomicLong();
    private volatile long markNanos = Long.MAX_VALUE;

    /** Makes the table (empty) on {@code admin}, the primary now. */
    static void createTable(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, writer INT NOT NULL)");
        }
    }

    NumberedWriters(DataSource dataSource, int threadCount) {
        this.dataSource = dataSource;
        for (int t = 0; t < threadCount; t++) {
            int writer = t;
            Thread thread = new Thread(() -> write(writer), "writer-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    private void write(int writer) {
        long next = (long) writer * 1_000_000_000L;
        while (!stop.get()) {
            long id = next++;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?)")) {
                    insert.setLong(1, id);
                    insert.setInt(2, writer);
                    insert.executeUpdate();
                }
                c.commit();
                committed.add(id);
                long now = System.nanoTime();
                if (now - markNanos >= 0) {
                    firstCommitAfterMark.compareAndSet(0, now);
                }
            } catch (SQLException e) {
                failures.computeIfAbsent(String.valueOf(e.getSQLState()), k -> new AtomicLong()).incrementAndGet();
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A failover step, as the test takes it: a name moved, a standby promoted. */
    interface Step {
        void take() throws Exception;
    }

    /**
     * What the writers saw around a step.
     *
     * @param refusedBefore      writes failed with the SQLState asked about before the step
     * @param refusedAfter       and after it
     * @param firstCommitSeconds from the step to the first commit that returned after it
     */
    record Around(long refusedBefore, long refusedAfter, double firstCommitSeconds) {
    }

    /**
     * Takes the step, waits (up to 20 s) for a commit to return after it, lets the writers go on for
     * {@code thenMillis}, and stops them.
     */
    Around around(String refusedState, Step step, long thenMillis) throws Exception {
        long before = failuresWith(refusedState);
        step.take();
        long at = System.nanoTime();
        markFrom(at);
        org.awaitility.Awaitility.await().atMost(20, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> firstCommitAfterMarkNanos() != 0);
        Thread.sleep(thenMillis);
        close();
        return new Around(before, failuresWith(refusedState) - before, (firstCommitAfterMarkNanos() - at) / 1e9);
    }

    /** From now on, the first commit that returns is timed ({@link #firstCommitAfterMarkNanos}). */
    void markFrom(long nanos) {
        firstCommitAfterMark.set(0);
        markNanos = nanos;
    }

    /** {@return System.nanoTime() of the first commit after the mark; 0 if none yet} */
    long firstCommitAfterMarkNanos() {
        return firstCommitAfterMark.get();
    }

    int committedCount() {
        return committed.size();
    }

    /** {@return failures by SQLState, sorted} */
    Map<String, Long> failures() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((state, n) -> copy.put(state, n.get()));
        return copy;
    }

    long failuresWith(String sqlState) {
        AtomicLong n = failures.get(sqlState);
        return n == null ? 0 : n.get();
    }

    /** {@return the committed ids missing from the table on {@code primary}} */
    List<Long> missingOn(Connection primary) throws SQLException {
        Set<Long> present = new java.util.HashSet<>();
        try (Statement s = primary.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + TABLE)) {
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
        }
        List<Long> missing = new ArrayList<>();
        for (Long id : committed) {
            if (!present.contains(id)) {
                missing.add(id);
            }
        }
        return missing;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
