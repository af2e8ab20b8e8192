package dev.cistern;

import static dev.cistern.StubPools.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cistern.testkit.stub.StubDatabase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 24, part 3, on a stub database: after an outage a pool reconnects at connectionCreationRate, not at once. */
class ReconnectPaceTest {
    private final StubDatabase db = StubDatabase.create();
    private CisternDataSource ds;

    @AfterEach
    void close() {
        if (ds != null) {
            ds.close();
        }
    }

    @Test
    void theFirstMinimumIdleOpenAtOnceAndARefillAfterAnOutageGoesAtTheRate() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(10).minimumIdle(10).connectionCreationRate(5)
                .housekeepingPeriod(Duration.ofMillis(200)).build());
        await().atMost(5, TimeUnit.SECONDS).until(() -> ds.stats().total() == 10);

        db.breakAllOpenConnections();
        db.failAllConnects(true);
        ds.softEvictConnections();
        await().atMost(10, TimeUnit.SECONDS).until(() -> ds.stats().total() == 0);
        long connectsBefore = db.connectionsOpened();
        long healed = System.nanoTime();
        db.failAllConnects(false);
        await().atMost(15, TimeUnit.SECONDS).until(() -> ds.stats().total() == 10);
        Duration refill = Duration.ofNanos(System.nanoTime() - healed);
        assertThat(db.connectionsOpened() - connectsBefore).isEqualTo(10);
        // Ten connections at five a second are nine intervals of 200 ms apart: 1.8 s at the least.
        assertThat(refill).as("the refill went at the rate, not at once").isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void withoutALimitTheRefillIsNotPaced() throws Exception {
        ds = new CisternDataSource(config(db).maximumPoolSize(40).minimumIdle(40).connectionCreationRate(0)
                .housekeepingPeriod(Duration.ofMillis(200)).build());
        await().atMost(10, TimeUnit.SECONDS).until(() -> ds.stats().total() == 40);
        db.breakAllOpenConnections();
        ds.softEvictConnections();
        long evicted = System.nanoTime();
        await().atMost(10, TimeUnit.SECONDS).until(() -> db.connectionsOpened() >= 80 && ds.stats().total() == 40);
        // At the default of 10 a second, 40 connections would take 3.9 s at the least.
        assertThat(Duration.ofNanos(System.nanoTime() - evicted)).as("no pacing with rate 0")
                .isLessThan(Duration.ofSeconds(3));
    }
}
