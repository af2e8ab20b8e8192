package dev.cistern.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.testkit.db.DatabaseServer;
import dev.cistern.testkit.net.FaultProxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pool on a bad network: a real server behind the testkit's {@link FaultProxy}, 32 platform threads
 * borrowing, inserting and committing, while each fault comes and goes: latency with jitter, a bandwidth
 * limit, a blackhole, every connection reset, half-open connections, refused connections. For every fault:
 * each {@code getConnection()} answers within {@code connectionTimeout} (+ 50 ms is the target; the
 * assertion leaves room for a noisy machine and the figures are printed), a statement stuck in the
 * blackhole is ended by the driver's socket timeout, no committed row is lost, the pool serves again within
 * 1 s of the network healing, and once the pool is closed no session of it is left on the server.
 */
@Tag("integration")
abstract class NetworkFaultContract {
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    private static final int THREADS = 32;

    protected abstract DatabaseServer server();

    /** The driver's own timeouts, which no pool can replace (see docs/poolers.md). */
    protected abstract Map<String, String> driverTimeouts();

    /** Counts the pool's sessions on the server, over a direct connection. */
    protected abstract int sessionsOnServer(Connection direct) throws SQLException;

    private Connection direct() throws SQLException {
        return DriverManager.getConnection(server().jdbcUrl(), server().username(), server().password());
    }

    /** The borrowers' record: the slowest getConnection, the rows whose commit returned, recovery times. */
    private static final class Load {
        final AtomicLong worstAcquireNanos = new AtomicLong();
        final Queue<Long> committed = new ConcurrentLinkedQueue<>();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong nextId = new AtomicLong();
        volatile long healedAt = Long.MAX_VALUE;
        final AtomicLong recoveredAt = new AtomicLong(Long.MAX_VALUE);
        final AtomicBoolean running = new AtomicBoolean(true);

        void run(CisternDataSource ds) {
            while (running.get()) {
                long start = System.nanoTime();
                long id = nextId.incrementAndGet();
                boolean ok = false;
                Connection c = null;
                try {
                    try {
                        c = ds.getConnection();
                    } finally {
                        worstAcquireNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    }
                    c.setAutoCommit(false);
                    try (PreparedStatement s = c.prepareStatement("insert into net_fault (id) values (?)")) {
                        s.setLong(1, id);
                        s.executeUpdate();
                    }
                    c.commit();
                    committed.add(id);
                    ok = true;
                } catch (SQLException e) {
                    failures.incrementAndGet();
                } finally {
                    if (c != null) {
                        try {
                            c.close();
                        } catch (SQLException ignored) {
                            // a broken connection: the pool discards it
                        }
                    }
                }
                if (ok && start - healedAt >= 0) {
                    recoveredAt.compareAndSet(Long.MAX_VALUE, System.nanoTime());
                }
            }
        }
    }

    @Test
    void everyFaultUnderLoadBoundedNoCommitLostRecoveredAndNothingLeftBehind() throws Exception {
        try (Connection c = direct(); Statement s = c.createStatement()) {
            s.execute("drop table if exists net_fault");
            s.execute("create table net_fault (id bigint primary key)");
        }
        Map<String, Consumer<FaultProxy>> faults = new LinkedHashMap<>();
        faults.put("latency 20 ms + up to 20 ms jitter", p -> p.latency(Duration.ofMillis(20), Duration.ofMillis(20)));
        faults.put("bandwidth 20 kB/s", p -> p.bandwidth(20_000));
        faults.put("blackhole", FaultProxy::blackhole);
        faults.put("reset of every connection", FaultProxy::resetAll);
        faults.put("half-open connections", FaultProxy::halfOpen);
        faults.put("refused connections", FaultProxy::refuse);

        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", server().port())) {
            String url = server().jdbcUrl().replace(":" + server().port() + "/", ":" + proxy.port() + "/");
            PoolConfig.Builder config = PoolConfig.builder().jdbcUrl(url).username(server().username())
                    .password(server().password()).poolName("net-fault").maximumPoolSize(8).minimumIdle(2)
                    .connectionTimeout(CONNECTION_TIMEOUT).validationTimeout(Duration.ofMillis(500))
                    .aliveBypassWindow(Duration.ofMillis(100)).retryBackoff(Duration.ofMillis(10))
                    .retryBackoffMax(Duration.ofMillis(100)).circuitBreakerOpenDuration(Duration.ofMillis(300))
                    .defaultQueryTimeout(Duration.ofSeconds(2));
            driverTimeouts().forEach(config::dataSourceProperty);
            Map<String, String> report = new LinkedHashMap<>();
            long totalCommitted;
            try (CisternDataSource ds = new CisternDataSource(config.build())) {
                for (Map.Entry<String, Consumer<FaultProxy>> fault : faults.entrySet()) {
                    Load load = new Load();
                    List<Thread> threads = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        Thread thread = new Thread(() -> load.run(ds), "net-load-" + t);
                        thread.start();
                        threads.add(thread);
                    }
                    Thread.sleep(300);
                    fault.getValue().accept(proxy);
                    if (fault.getKey().equals("blackhole")) {
                        assertStuckStatementEndsBySocketTimeout(ds);
                    } else {
                        Thread.sleep(1_500);
                    }
                    load.healedAt = System.nanoTime();
                    proxy.heal();
                    await().atMost(Duration.ofSeconds(10)).until(() -> load.recoveredAt.get() != Long.MAX_VALUE);
                    Duration recovery = Duration.ofNanos(load.recoveredAt.get() - load.healedAt);
                    load.running.set(false);
                    for (Thread thread : threads) {
                        thread.join(30_000);
                    }
                    Duration worst = Duration.ofNanos(load.worstAcquireNanos.get());
                    report.put(fault.getKey(), "worst getConnection " + worst.toMillis() + " ms, recovered in "
                            + recovery.toMillis() + " ms, " + load.committed.size() + " commits, " + load.failures.get()
                            + " failed attempts");
                    // The target is connectionTimeout + 50 ms (measured: + 13 to 14 ms, docs/poolers.md); the
                    // test allows 250 ms, as timing on a shared CI machine is noisy, and prints what it saw.
                    assertThat(worst).as(fault.getKey() + ": every getConnection bounded by connectionTimeout")
                            .isLessThanOrEqualTo(CONNECTION_TIMEOUT.plusMillis(250));
                    assertThat(recovery).as(fault.getKey() + ": serving again within 1 s of healing")
                            .isLessThanOrEqualTo(Duration.ofSeconds(1));
                    assertNoCommitLost(load.committed);
                }
            } finally {
                System.out.println(getClass().getSimpleName() + " " + report);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (Connection c = direct()) {
                    assertThat(sessionsOnServer(c)).as("sessions of the closed pool on the server").isZero();
                }
            });
        }
    }

    /** A statement caught by the blackhole is ended by the driver's socket timeout, not left hanging. */
    private void assertStuckStatementEndsBySocketTimeout(CisternDataSource ds) throws Exception {
        long start = System.nanoTime();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("select 1");
            throw new AssertionError("a statement went through the blackhole");
        } catch (SQLException expected) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("ended by the socket timeout (or refused at once)")
                    .isLessThan(SOCKET_TIMEOUT.plus(CONNECTION_TIMEOUT).plusSeconds(2));
        }
    }

    private void assertNoCommitLost(Queue<Long> committed) throws SQLException {
        if (committed.isEmpty()) {
            return;
        }
        try (Connection c = direct(); Statement s = c.createStatement()) {
            StringBuilder ids = new StringBuilder();
            for (long id : committed) {
                ids.append(ids.length() == 0 ? "" : ",").append(id);
            }
            // ids repeat across faults (each load counts from 1): count the distinct ones this load committed
            try (ResultSet rs = s.executeQuery("select count(*) from net_fault where id in (" + ids + ")")) {
                rs.next();
                assertThat(rs.getLong(1)).as("committed rows found on the server").isEqualTo(committed.stream().distinct().count());
            }
            s.execute("delete from net_fault");
        }
    }
}
