package dev.cistern;

import static dev.cistern.StubPools.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, part 2, in one JVM: pools of several tenants on one server with a connection limit draw from one
 * {@link ConnectionBudget}, so together they stay under it and none is refused, and a pool that closes or
 * shrinks hands its connections to the others.
 */
class ConnectionBudgetPoolTest {
    private static final int SERVER_SLOTS = 12;
    private final StubDatabase db = StubDatabase.create();
    private final List<CisternDataSource> pools = new ArrayList<>();

    @AfterEach
    void close() {
        pools.forEach(CisternDataSource::close);
    }

    private CisternDataSource tenant(String name, int size) {
        CisternDataSource ds = new CisternDataSource(config(db).poolName(name).maximumPoolSize(size).minimumIdle(size)
                .connectionTimeout(Duration.ofSeconds(5)).connectionCreationRate(0)
                .budgetName("tenants-" + db.name()).budgetConnections(SERVER_SLOTS).build());
        pools.add(ds);
        return ds;
    }

    @Test
    void fourTenantsOfTenShareTwelveSlotsWithoutARefusalAndEachIsServed() throws Exception {
        db.maxConnections(SERVER_SLOTS);
        for (String name : List.of("acme", "globex", "initech", "umbrella")) {
            tenant(name, 10);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> pools.stream().allMatch(p -> p.stats().total() == 3));
        long refusedBefore = db.serverFullRefusals();

        AtomicInteger mostOpen = new AtomicInteger();
        Map<String, AtomicLong> served = new ConcurrentHashMap<>();
        AtomicLong failed = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(17);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        List<Future<?>> running = new ArrayList<>();
        for (CisternDataSource pool : pools) {
            for (int t = 0; t < 4; t++) {
                running.add(workers.submit(() -> {
                    while (System.nanoTime() < until) {
                        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                            s.execute("select 1");
                            Pause.millis(2);
                            served.computeIfAbsent(pool.config().poolName(), k -> new AtomicLong()).incrementAndGet();
                        } catch (SQLException e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
        }
        running.add(workers.submit(() -> {
            while (System.nanoTime() < until) {
                mostOpen.accumulateAndGet(db.openConnectionCount(), Math::max);
                Pause.millis(1);
            }
            return null;
        }));
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        workers.shutdown();

        assertThat(failed).hasValue(0);
        assertThat(db.serverFullRefusals() - refusedBefore).isZero();
        assertThat(mostOpen.get()).isLessThanOrEqualTo(SERVER_SLOTS);
        long total = served.values().stream().mapToLong(AtomicLong::get).sum();
        assertThat(served).hasSize(4);
        served.forEach((name, n) -> assertThat(n.get()).as(name).isGreaterThanOrEqualTo(total / 8));
        assertThat(pools.get(0).stats().effectiveMaximumPoolSize()).isEqualTo(3);
    }

    @Test
    void aTenantThatClosesOrShrinksHandsItsConnectionsToTheOthers() {
        CisternDataSource a = tenant("a", 10);
        CisternDataSource b = tenant("b", 10);
        CisternDataSource c = tenant("c", 10);
        await().atMost(10, TimeUnit.SECONDS).until(() -> a.stats().total() == 4 && b.stats().total() == 4);

        c.resize(2, 2);
        await().atMost(10, TimeUnit.SECONDS).until(() -> a.stats().total() == 5 && b.stats().total() == 5);
        c.close();
        await().atMost(10, TimeUnit.SECONDS).until(() -> a.stats().total() == 6 && b.stats().total() == 6);
        assertThat(a.budget().orElseThrow().shares()).extracting(ConnectionBudget.Share::share).containsExactly(6, 6);
        assertThat(db.openConnectionCount()).isEqualTo(12);
    }

    @Test
    void aRegistryWithABudgetPutsEveryPoolItStartsOnIt() {
        try (PoolRegistry registry = PoolRegistry.withBudget("registry-" + db.name(), 5)) {
            registry.register("one", config(db).poolName("one").maximumPoolSize(4).minimumIdle(4).build());
            registry.register("two", config(db).poolName("two").maximumPoolSize(4).minimumIdle(4).build());
            ConnectionBudget budget = registry.budgets().get("registry-" + db.name());
            assertThat(budget.shares()).extracting(ConnectionBudget.Share::share).containsExactly(2, 3);
            await().atMost(10, TimeUnit.SECONDS).until(() -> db.openConnectionCount() == 5);
        }
        assertThat(ConnectionBudget.find("registry-" + db.name())).isEmpty();
    }

    @Test
    void badBudgetSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> config(db).budgetName("t").build())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("budget.connections");
        assertThatThrownBy(() -> config(db).budgetConnections(5).build())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("budget.connections goes with budget.name");
        assertThatThrownBy(() -> config(db).budgetName(" ").budgetConnections(5).build())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("budget.name");
        assertThatThrownBy(() -> PoolRegistry.withBudget("t", 0))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("budget.connections");
        assertThatThrownBy(() -> PoolRegistry.withBudget(null, 3))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("budget.name");
        CisternDataSource first = tenant("first", 4);
        assertThatThrownBy(() -> new CisternDataSource(config(db).poolName("second").budgetName("tenants-" + db.name())
                .budgetConnections(99).build()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("already has 12");
        assertThat(first.budget().orElseThrow().shares()).hasSize(1);
    }
}
