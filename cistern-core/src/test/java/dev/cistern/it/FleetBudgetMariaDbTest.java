package dev.cistern.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.testkit.db.MariaDbServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet budget on MariaDB: three JVMs, one pool of up to 10 each in the fleet {@code orders}, against a real
 * MariaDB with {@code max_connections=20} and {@code performance_schema=ON} (where connection attributes show).
 * Each holds its share: no connect is refused, and each does a fair part of the work.
 */
class FleetBudgetMariaDbTest {
    private static final int MEMBERS = 3;
    private static MariaDbServer server;

    @BeforeAll
    static void start() throws Exception {
        server = MariaDbServer.startWith("--max-connections=20", "--performance-schema=ON");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Without performance_schema the members cannot be counted: a member keeps its floor, never more. */
    @Test
    void withoutPerformanceSchemaAMemberKeepsItsFloor() throws Exception {
        MariaDbServer plain = SharedServers.mariaDb(); // performance_schema off, MariaDB's default
        try (dev.cistern.CisternDataSource ds = new dev.cistern.CisternDataSource(dev.cistern.PoolConfig.builder()
                .jdbcUrl(plain.jdbcUrl()).username(plain.username()).password(plain.password()).poolName("no-ps")
                .maximumPoolSize(10).fleetName("orders").fleetFloor(2).fleetRefreshInterval(java.time.Duration.ofMillis(100))
                .build())) {
            Thread.sleep(1000); // ten readings, each refused
            assertThat(ds.stats().effectiveMaximumPoolSize()).isEqualTo(2);
            assertThat(ds.stats().total()).isLessThanOrEqualTo(2);
        }
    }

    /**
     * Three pools of one JVM in one fleet on the 20-connection server, headroom 2: each reads three members and no
     * other session, so each holds 6. (Before the testkit's MariaDB checked privileges, its performance schema
     * recorded no connection attribute, no member was counted, and each pool took what was left: see MariaDbServer.)
     */
    @Test
    void poolsOfOneJvmCountEachOtherAndShareAlike() throws Exception {
        List<dev.cistern.CisternDataSource> pools = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                pools.add(new dev.cistern.CisternDataSource(dev.cistern.PoolConfig.builder().jdbcUrl(server.jdbcUrl())
                        .username(server.username()).password(server.password()).poolName("same-jvm-" + i)
                        .maximumPoolSize(10).minimumIdle(10).fleetName("tenants")
                        .fleetRefreshInterval(java.time.Duration.ofMillis(200)).build()));
            }
            org.awaitility.Awaitility.await().atMost(15, java.util.concurrent.TimeUnit.SECONDS).until(() ->
                    pools.stream().allMatch(p -> p.stats().effectiveMaximumPoolSize() == 6 && p.stats().total() == 6));
        } finally {
            pools.forEach(dev.cistern.CisternDataSource::close);
        }
    }

    @Test
    void eachInstanceHoldsItsShareAndTheServerNeverFills() throws Exception {
        List<MemberProcess> members = new ArrayList<>();
        try {
            for (int i = 1; i <= MEMBERS; i++) {
                MemberProcess member = new MemberProcess("maria-fleet-" + i, server.jdbcUrl(), "root", "orders-" + i,
                        "16", "4000", "5", "maximumPoolSize=10", "minimumIdle=1", "connectionTimeout=5000",
                        "fleet.name=orders", "fleet.headroom=2", "fleet.refreshInterval=300ms", "password=");
                members.add(member);
                member.await("READY");
            }
            Thread.sleep(1500); // several readings: every member sees the other two
            for (MemberProcess member : members) {
                member.go();
            }
            List<Map<String, String>> results = new ArrayList<>();
            for (MemberProcess member : members) {
                results.add(member.result());
            }
            // 20 - 2 among three: 6 each, 5 while a reading sees another session (the check of a member being made)
            MemberProcess.assertFairFleet(results, 5, 6);
        } finally {
            for (MemberProcess member : members) {
                member.close();
            }
        }
    }
}
