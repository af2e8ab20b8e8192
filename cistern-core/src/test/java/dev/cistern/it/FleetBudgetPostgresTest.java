package dev.cistern.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.testkit.db.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, part 2: the fleet budget, across processes. Three instances (three JVMs), each one pool of up to 10
 * in the fleet {@code orders} with a headroom of 2, against a real PostgreSQL 17 that holds 17 sessions for the
 * application's role. Each reads the server's capacity and the fleet's members and holds its fair share, so
 * the fleet never fills the server, no connect is refused, and each instance does a fair part of the work.
 */
class FleetBudgetPostgresTest {
    private static final int MEMBERS = 3;
    private static final int CAPACITY = 17;
    private static final int HEADROOM = 2;
    private static PostgresServer server;

    @BeforeAll
    static void start() {
        server = SharedServers.postgresWithSeventeenAppSlots();
    }

    /**
     * Several pools of one JVM in one fleet (a multi-tenant service: many pools to one server) share the same way:
     * each pool is a member. And a headroom the server cannot leave keeps each member at its floor.
     */
    @Test
    void poolsOfOneJvmShareAlikeAndAnImpossibleHeadroomKeepsTheFloor() throws Exception {
        List<dev.cistern.CisternDataSource> pools = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                pools.add(new dev.cistern.CisternDataSource(dev.cistern.PoolConfig.builder().jdbcUrl(server.jdbcUrl())
                        .username("app").password("any").poolName("tenant-" + i).maximumPoolSize(10).minimumIdle(10)
                        .fleetName("tenants").fleetHeadroom(HEADROOM).fleetRefreshInterval(java.time.Duration.ofMillis(200))
                        .build()));
            }
            org.awaitility.Awaitility.await().atMost(10, java.util.concurrent.TimeUnit.SECONDS).until(() ->
                    pools.stream().allMatch(p -> p.stats().effectiveMaximumPoolSize() == pools.get(0).stats()
                            .effectiveMaximumPoolSize() && p.stats().total() == p.stats().effectiveMaximumPoolSize())
                            && pools.get(0).stats().effectiveMaximumPoolSize() <= (CAPACITY - HEADROOM) / 3);
            assertThat(pools.stream().mapToInt(p -> p.stats().total()).sum()).isLessThanOrEqualTo(CAPACITY - HEADROOM);
            // Started together at full size, they may be refused for a moment before each has read the others;
            // once the shares are read, never again.
            long refused = pools.stream().mapToLong(p -> p.stats().serverFullRefusals()).sum();
            Thread.sleep(1000);
            assertThat(pools.stream().mapToLong(p -> p.stats().serverFullRefusals()).sum()).isEqualTo(refused);
        } finally {
            pools.forEach(dev.cistern.CisternDataSource::close);
        }
        try (dev.cistern.CisternDataSource greedy = new dev.cistern.CisternDataSource(dev.cistern.PoolConfig.builder()
                .jdbcUrl(server.jdbcUrl()).username("app").password("any").poolName("greedy").maximumPoolSize(10)
                .fleetName("greedy").fleetHeadroom(100).fleetFloor(2).fleetRefreshInterval(java.time.Duration.ofMillis(200))
                .build())) {
            Thread.sleep(1000); // several readings, each finding the headroom above the capacity of 17
            assertThat(greedy.stats().effectiveMaximumPoolSize()).as("fleet.headroom 100 >= 17: the floor").isEqualTo(2);
        }
    }

    /**
     * The in-process budget on the same full server: five tenant pools of one JVM that want 10 each (50 of 17) draw
     * from one {@code budget.connections=15}, without reading the server. Each holds 3, the server refuses none of
     * them, also while all borrow at once, and when two tenants close, the other three take their slots (5 each).
     */
    @Test
    void tenantPoolsOfOneJvmShareABudgetOnAFullServer() throws Exception {
        List<dev.cistern.CisternDataSource> pools = new ArrayList<>();
        try {
            for (int i = 1; i <= 5; i++) {
                pools.add(new dev.cistern.CisternDataSource(dev.cistern.PoolConfig.builder().jdbcUrl(server.jdbcUrl())
                        .username("app").password("any").poolName("budget-tenant-" + i).maximumPoolSize(10)
                        .minimumIdle(10).budgetName("pg-tenants").budgetConnections(CAPACITY - HEADROOM).build()));
            }
            org.awaitility.Awaitility.await().atMost(10, java.util.concurrent.TimeUnit.SECONDS).until(() ->
                    pools.stream().allMatch(p -> p.stats().total() == 3));
            long refusedBefore = pools.stream().mapToLong(p -> p.stats().serverFullRefusals()).sum();
            AtomicInteger failed = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> borrowers = new ArrayList<>();
            for (dev.cistern.CisternDataSource pool : pools) {
                for (int t = 0; t < 4; t++) {
                    Thread borrower = new Thread(() -> {
                        while (!stop.get() && !pool.isClosed()) {
                            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                                s.execute("select pg_sleep(0.002)");
                            } catch (java.sql.SQLException e) {
                                if (!pool.isClosed()) {
                                    failed.incrementAndGet();
                                }
                            }
                        }
                    });
                    borrower.start();
                    borrowers.add(borrower);
                }
            }
            Thread.sleep(1500);
            pools.remove(4).close();
            pools.remove(3).close();
            org.awaitility.Awaitility.await().atMost(10, java.util.concurrent.TimeUnit.SECONDS).until(() ->
                    pools.stream().allMatch(p -> p.stats().total() == 5));
            Thread.sleep(500);
            stop.set(true);
            for (Thread t : borrowers) {
                t.join();
            }
            assertThat(pools.stream().mapToLong(p -> p.stats().serverFullRefusals()).sum() - refusedBefore)
                    .as("connects refused as full").isZero();
            assertThat(pools.stream().mapToInt(p -> p.stats().total()).sum()).isEqualTo(CAPACITY - HEADROOM);
            assertThat(failed).as("failed borrows of open pools").hasValue(0);
        } finally {
            pools.forEach(dev.cistern.CisternDataSource::close);
        }
    }

    /**
     * A restart storm against a full server with a fleet: eight pools that want 10 each (80 of 17) come back from a
     * server restart at their pace and to their shares, and the server refuses none of them.
     */
    @Test
    void afterARestartAFleetComesBackToItsSharesWithoutFillingTheServer() throws Exception {
        List<dev.cistern.CisternDataSource> pools = new ArrayList<>();
        try {
            for (int i = 1; i <= 8; i++) {
                pools.add(new dev.cistern.CisternDataSource(dev.cistern.PoolConfig.builder().jdbcUrl(server.jdbcUrl())
                        .username("app").password("any").poolName("storm-" + i).maximumPoolSize(10).minimumIdle(10)
                        .connectionCreationRate(5).keepaliveTime(java.time.Duration.ofMillis(300))
                        .housekeepingPeriod(java.time.Duration.ofMillis(200)).fleetName("storm")
                        .fleetHeadroom(HEADROOM).fleetRefreshInterval(java.time.Duration.ofMillis(300)).build()));
            }
            org.awaitility.Awaitility.await().atMost(20, java.util.concurrent.TimeUnit.SECONDS).until(() ->
                    pools.stream().allMatch(p -> p.stats().total() == p.stats().effectiveMaximumPoolSize()
                            && p.stats().effectiveMaximumPoolSize() <= 2));
            Thread.sleep(1000);
            long refusedBefore = pools.stream().mapToLong(p -> p.stats().serverFullRefusals()).sum();
            server.restart();
            org.awaitility.Awaitility.await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() ->
                    pools.stream().allMatch(p -> p.stats().total() == p.stats().effectiveMaximumPoolSize()));
            assertThat(pools.stream().mapToInt(p -> p.stats().total()).sum()).as("held after the restart")
                    .isLessThanOrEqualTo(CAPACITY - HEADROOM);
            assertThat(pools.stream().mapToLong(p -> p.stats().serverFullRefusals()).sum() - refusedBefore)
                    .as("connects the restarted server refused as full").isZero();
        } finally {
            pools.forEach(dev.cistern.CisternDataSource::close);
        }
    }

    /**
     * A rolling deploy: two members at their share under load, two new ones start (at their floor) and the old
     * ones close while the new are loaded. The old shrink as the new appear, the new grow as the old go, and no
     * borrow fails anywhere.
     */
    @Test
    void aRollingDeployHandsTheSlotsOverWithoutAFailedBorrow() throws Exception {
        List<MemberProcess> old = new ArrayList<>();
        List<MemberProcess> fresh = new ArrayList<>();
        try {
            for (int i = 1; i <= 2; i++) {
                old.add(new MemberProcess("old-" + i, server.jdbcUrl(), "app", "old-" + i, "16", "3000", "5",
                        "maximumPoolSize=10", "minimumIdle=1", "fleet.name=deploy", "fleet.headroom=" + HEADROOM,
                        "fleet.refreshInterval=300ms"));
                old.get(i - 1).await("READY");
            }
            Thread.sleep(1000);
            for (MemberProcess member : old) {
                member.go();
            }
            Thread.sleep(1000); // the old are busy at their share: the new start while they work
            for (int i = 1; i <= 2; i++) {
                fresh.add(new MemberProcess("new-" + i, server.jdbcUrl(), "app", "new-" + i, "16", "4000", "5",
                        "maximumPoolSize=10", "minimumIdle=1", "fleet.name=deploy", "fleet.headroom=" + HEADROOM,
                        "fleet.refreshInterval=300ms"));
                fresh.get(i - 1).await("READY");
                fresh.get(i - 1).go();
            }
            for (MemberProcess member : old) {
                Map<String, String> result = member.result();
                assertThat(result.keySet().stream().filter(k -> k.startsWith("outcome.")))
                        .as("old member " + result + ": every borrow served").containsExactly("outcome.served");
            }
            for (MemberProcess member : fresh) {
                Map<String, String> result = member.result();
                System.out.println("new member " + result);
                assertThat(result.keySet().stream().filter(k -> k.startsWith("outcome.")))
                        .as("new member " + result + ": every borrow served").containsExactly("outcome.served");
                assertThat(Integer.parseInt(result.get("effectiveMaximum"))).as("new member " + result
                        + ": its share of two once the old are gone").isGreaterThan((CAPACITY - HEADROOM) / MEMBERS);
            }
        } finally {
            for (MemberProcess member : old) {
                member.close();
            }
            for (MemberProcess member : fresh) {
                member.close();
            }
        }
    }

    /** Members 1 and 2 grow on demand (minimumIdle 1); member 3 is a fixed-size pool, whose share is below its minimumIdle. */
    private static MemberProcess member(int i) throws Exception {
        return new MemberProcess("fleet-" + i, server.jdbcUrl(), "app", "orders-" + i, "16", "4000", "5",
                "maximumPoolSize=10", "minimumIdle=" + (i == 3 ? 10 : 1), "connectionTimeout=5000", "fleet.name=orders",
                "fleet.headroom=" + HEADROOM, "fleet.refreshInterval=300ms");
    }

    @Test
    void eachInstanceHoldsItsShareAndTheServerNeverFills() throws Exception {
        List<MemberProcess> members = new ArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicInteger mostHeld = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                    Statement s = admin.createStatement()) {
                while (sampling.get()) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = 'app'")) {
                        rs.next();
                        mostHeld.accumulateAndGet(rs.getInt(1), Math::max);
                    }
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        try {
            for (int i = 1; i <= MEMBERS; i++) {
                MemberProcess member = member(i);
                members.add(member);
                member.await("READY");
            }
            Thread.sleep(1500); // several readings: every member sees the other two
            sampler.start();
            for (MemberProcess member : members) {
                member.go();
            }
            List<Map<String, String>> results = new ArrayList<>();
            for (MemberProcess member : members) {
                results.add(member.result());
            }
            // A fair share of 17 - 2 among three, less the sessions outside the fleet.
            MemberProcess.assertFairFleet(results, 3, (CAPACITY - HEADROOM) / MEMBERS);
        } finally {
            sampling.set(false);
            sampler.join(5_000);
            for (MemberProcess member : members) {
                member.close();
            }
        }
        assertThat(mostHeld.get()).as("sessions of the application's role, at most, during the load")
                .isLessThanOrEqualTo(CAPACITY - HEADROOM);
    }
}
