package dev.cistern.bench;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.RequiredRole;
import dev.cistern.testkit.db.PostgresServer;
import dev.cistern.testkit.net.FaultProxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A failover, side by side (issue 25): for each pool, a fresh PostgreSQL 17 primary and streaming standby, a pool
 * of 8 and 16 threads inserting numbered rows and committing, then the failover, then {@code seconds} more of
 * writing. Two ways the application reaches the database:
 * <ul>
 *   <li><b>moved name</b>: one host name (here a forwarder) that is re-pointed from the old primary, fenced with
 *       {@code default_transaction_read_only=on} and caught up on the standby, to the promoted standby (DNS, a
 *       virtual IP, a cloud endpoint);</li>
 *   <li><b>multi-host URL</b>: {@code jdbc:postgresql://a,b/...?targetServerType=primary}, synchronous
 *       replication; the primary stops ({@code pg_ctl stop -m fast}) and the standby is promoted 0.5 s later.</li>
 * </ul>
 * Prints a Markdown table: commits, failed writes by SQLState, the time from the failover (the move, or the
 * promotion) to the first commit, and committed rows missing on the new primary. {@code cistern-bench/run.sh
 * failover} runs it.
 */
public final class FailoverScenario {
    private static final int SIZE = 8;
    private static final int WRITERS = 16;
    private static final String TABLE = "failover_rows";

    private FailoverScenario() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 6;
        System.out.println("| scenario | pool | commits after | failed writes after (by SQLState) | first commit after"
                + " the failover | committed rows missing |");
        System.out.println("|---|---|---|---|---|---|");
        for (String pool : List.of("hikari", "agroal", "cistern")) {
            movedName(pool, seconds);
        }
        for (String pool : List.of("hikari", "agroal", "cistern", "cistern-primary")) {
            multiHost(pool, seconds);
        }
    }

    private static DataSource open(String pool, String url) {
        if (pool.startsWith("cistern")) {
            PoolConfig.Builder b = PoolConfig.builder().jdbcUrl(url).username("postgres").password("any")
                    .poolName(pool).maximumPoolSize(SIZE).connectionTimeout(java.time.Duration.ofSeconds(5))
                    .initializationFailTimeout(java.time.Duration.ZERO);
            if (pool.equals("cistern-primary")) {
                b.role(RequiredRole.PRIMARY);
            }
            return new CisternDataSource(b.build());
        }
        return FleetMember.open(pool, url, "postgres", pool, SIZE);
    }

    private static void movedName(String pool, long seconds) throws Exception {
        try (PostgresServer primary = PostgresServer.startPrimary()) {
            PostgresServer standby = primary.startStandby("s1");
            createTable(primary);
            try (FaultProxy name = FaultProxy.start("127.0.0.1", primary.port())) {
                DataSource ds = open(pool, "jdbc:postgresql://127.0.0.1:" + name.port() + "/postgres");
                try (Writers writers = new Writers(ds)) {
                    Thread.sleep(2000);
                    String fencedAt;
                    try (Connection old = connect(primary); Statement s = old.createStatement()) {
                        s.execute("ALTER SYSTEM SET default_transaction_read_only = on");
                        s.execute("SELECT pg_reload_conf()");
                        Thread.sleep(200);
                        fencedAt = one(s, "SELECT pg_current_wal_lsn()::text");
                    }
                    try (Connection replica = connect(standby); Statement s = replica.createStatement()) {
                        while (!one(s, "SELECT (pg_last_wal_replay_lsn() >= '" + fencedAt + "'::pg_lsn)::text").equals("true")) {
                            Thread.sleep(10);
                        }
                    }
                    standby.promote();
                    name.retarget("127.0.0.1", standby.port());
                    writers.mark();
                    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                    writers.stop();
                    print("moved name", pool, writers, standby);
                } finally {
                    close(ds);
                }
            }
        }
    }

    private static void multiHost(String pool, long seconds) throws Exception {
        try (PostgresServer primary = PostgresServer.startPrimary()) {
            PostgresServer standby = primary.startStandby("s1");
            primary.synchronousStandby("s1");
            createTable(primary);
            DataSource ds = open(pool, "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
                    + "/postgres?targetServerType=primary&connectTimeout=2");
            try (Writers writers = new Writers(ds)) {
                Thread.sleep(2000);
                primary.stop();
                Thread.sleep(500);
                standby.promote();
                writers.mark();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                writers.stop();
                print("multi-host URL", pool, writers, standby);
            } finally {
                close(ds);
            }
        }
    }

    private static void print(String scenario, String pool, Writers writers, PostgresServer newPrimary) throws SQLException {
        long first = writers.firstAfterMark.get();
        String firstText = first == 0 ? "none" : String.format(Locale.ROOT, "%.3f s", (first - writers.markNanos) / 1e9);
        System.out.printf("| %s | %s | %,d | %,d %s | %s | %d |%n", scenario, pool, writers.commitsAfterMark.get(),
                writers.failedAfterMark.get(), writers.failures(), firstText, writers.missingOn(newPrimary));
    }

    private static void close(DataSource ds) throws Exception {
        if (ds instanceof AutoCloseable) {
            ((AutoCloseable) ds).close();
        }
    }

    private static Connection connect(PostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void createTable(PostgresServer primary) throws SQLException {
        try (Connection c = connect(primary); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, writer INT NOT NULL)");
        }
    }

    /** Writer threads: numbered rows, each committed; what returned is remembered, failures counted after the mark. */
    private static final class Writers implements AutoCloseable {
        private final DataSource ds;
        private final Set<Long> committed = ConcurrentHashMap.newKeySet();
        private final Map<String, AtomicLong> failuresAfterMark = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread[] threads = new Thread[WRITERS];
        final AtomicLong commitsAfterMark = new AtomicLong();
        final AtomicLong failedAfterMark = new AtomicLong();
        final AtomicLong firstAfterMark = new AtomicLong();
        volatile long markNanos = Long.MAX_VALUE;

        Writers(DataSource ds) {
            this.ds = ds;
            for (int t = 0; t < WRITERS; t++) {
                long base = t * 1_000_000_000L;
                threads[t] = new Thread(() -> write(base, (int) (base / 1_000_000_000L)), "writer-" + t);
                threads[t].setDaemon(true);
                threads[t].start();
            }
        }

        private void write(long base, int writer) {
            long id = base;
            while (running.get()) {
                long mine = id++;
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?)")) {
                        insert.setLong(1, mine);
                        insert.setInt(2, writer);
                        insert.executeUpdate();
                    }
                    c.commit();
                    committed.add(mine);
                    long now = System.nanoTime();
                    if (now - markNanos >= 0) {
                        commitsAfterMark.incrementAndGet();
                        firstAfterMark.compareAndSet(0, now);
                    }
                } catch (SQLException e) {
                    if (System.nanoTime() - markNanos >= 0) {
                        failedAfterMark.incrementAndGet();
                        failuresAfterMark.computeIfAbsent(String.valueOf(e.getSQLState()), k -> new AtomicLong())
                                .incrementAndGet();
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }

        void mark() {
            markNanos = System.nanoTime();
        }

        Map<String, Long> failures() {
            Map<String, Long> copy = new TreeMap<>();
            failuresAfterMark.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }

        long missingOn(PostgresServer server) throws SQLException {
            Set<Long> present = new java.util.HashSet<>();
            try (Connection c = connect(server); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM " + TABLE)) {
                while (rs.next()) {
                    present.add(rs.getLong(1));
                }
            }
            return committed.stream().filter(id -> !present.contains(id)).count();
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(60_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
