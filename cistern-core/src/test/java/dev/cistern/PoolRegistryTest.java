package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cistern.testkit.stub.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Named pools: registration rules, lookups, stats, closing, and pools that do not slow each other. */
class PoolRegistryTest {

    private static PoolConfig config(StubDatabase db, String name) {
        return PoolConfig.builder().jdbcUrl(db.url()).poolName(name).maximumPoolSize(2).minimumIdle(0)
                .connectionTimeout(Duration.ofSeconds(3)).initializationFailTimeout(Duration.ofMillis(-1))
                .retryBackoff(Duration.ofMillis(1)).retryBackoffMax(Duration.ofMillis(5)).build();
    }

    @Test
    void poolsAreRegisteredLookedUpMeasuredAndClosedTogether() throws Exception {
        StubDatabase a = StubDatabase.create();
        StubDatabase b = StubDatabase.create();
        CisternDataSource first;
        try (PoolRegistry registry = new PoolRegistry()) {
            first = registry.register("orders", config(a, "orders"));
            registry.register("reports", new CisternDataSource(config(b, "reports")));
            assertThat(registry.names()).containsExactly("orders", "reports");
            assertThat(registry.get("orders")).isSameAs(first);
            assertThat(registry.find("billing")).isEmpty();
            assertThatThrownBy(() -> registry.get("billing")).isInstanceOf(NoSuchElementException.class)
                    .hasMessage("no pool named 'billing'; registered: [orders, reports]");
            assertThatThrownBy(() -> registry.register("orders", config(b, "again")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("a pool named 'orders' is already registered");
            assertThatThrownBy(() -> registry.register(" ", config(b, "blank"))).hasMessageContaining("needs a name");
            try (Connection c = first.getConnection()) {
                assertThat(registry.stats().get("orders").active()).isEqualTo(1);
            }
            assertThat(registry.health()).containsOnlyKeys("orders", "reports");
            assertThat(registry.remove("reports")).isPresent().get().satisfies(CisternDataSource::close);
        }
        assertThat(first.isClosed()).isTrue();
        assertThat(a.openConnectionCount() + b.openConnectionCount()).as("a refused duplicate left nothing open").isZero();
    }

    @Test
    void aClosedRegistryTakesNoPool() {
        PoolRegistry registry = new PoolRegistry();
        registry.closeAll();
        StubDatabase db = StubDatabase.create();
        assertThatThrownBy(() -> registry.register("late", config(db, "late"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the registry is closed");
        assertThat(db.openConnectionCount()).isZero();
    }

    /** One pool's database down and another pool exhausted: a third still lends at once, again and again. */
    @Test
    void onePoolsTroubleDoesNotSlowTheOthers() throws Exception {
        StubDatabase down = StubDatabase.create();
        StubDatabase busy = StubDatabase.create();
        StubDatabase fine = StubDatabase.create();
        down.failAllConnects(true).connectDelay(Duration.ofMillis(200));
        ExecutorService troublemakers = Executors.newFixedThreadPool(8);
        try (PoolRegistry registry = new PoolRegistry()) {
            registry.register("down", config(down, "down"));
            CisternDataSource exhausted = registry.register("busy", config(busy, "busy"));
            CisternDataSource healthy = registry.register("fine", config(fine, "fine"));
            List<Connection> held = new ArrayList<>(List.of(exhausted.getConnection(), exhausted.getConnection()));
            List<Future<?>> trouble = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                trouble.add(troublemakers.submit(() -> borrowQuietly(registry.get("down"))));
                trouble.add(troublemakers.submit(() -> borrowQuietly(exhausted)));
            }
            long worst = 0;
            for (int i = 0; i < 200; i++) {
                long start = System.nanoTime();
                try (Connection c = healthy.getConnection()) {
                    assertThat(c.isValid(1)).isTrue();
                }
                worst = Math.max(worst, System.nanoTime() - start);
            }
            assertThat(Duration.ofNanos(worst)).as("the healthy pool's slowest borrow while the others struggled")
                    .isLessThan(Duration.ofSeconds(1));
            for (Connection c : held) {
                c.close();
            }
            for (Future<?> f : trouble) {
                f.get();
            }
        } finally {
            troublemakers.shutdownNow();
        }
    }

    private static Void borrowQuietly(CisternDataSource pool) {
        try (Connection c = pool.getConnection()) {
            return null;
        } catch (SQLException expected) {
            return null;
        }
    }
}
