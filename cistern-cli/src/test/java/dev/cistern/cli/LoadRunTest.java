package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.PoolStats;
import dev.cistern.testkit.stub.StubDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A load run's invariants, over the stub driver with statements that take time. */
class LoadRunTest {

    @Test
    void whenTheRunReturnsEveryClientHasStoppedAndTheTotalsAreTheSumOfTheSeconds() throws Exception {
        StubDatabase db = StubDatabase.create().statementDelay(Duration.ofMillis(3)).checkExclusiveUse(true);
        LoadSettings settings = new LoadSettings(64, false, Duration.ofMillis(2_500), Duration.ofMillis(500), 0,
                Duration.ofSeconds(30));
        List<Second> seen = new ArrayList<>();
        LoadResult result;
        try (CisternDataSource pool = new CisternDataSource(PoolConfig.builder().jdbcUrl(db.url()).maximumPoolSize(4)
                .metricsLatency(true).build())) {
            result = new LoadRun(pool, new Workload.Statements("--query", List.of("SELECT 1")), settings)
                    .run(new LoadRun.Listener() {
                        @Override
                        public void warmingUp(double elapsed, double warmup, LoadMeter.Interval i, PoolStats p) {
                        }

                        @Override
                        public void measured(Second second, double total) {
                            seen.add(second);
                        }
                    });
            assertThat(pool.stats().active()).as("no connection still lent").isZero();
            assertThat(pool.stats().pending()).as("no client still waiting").isZero();
        }
        assertThat(result.pool().active()).isZero();
        assertThat(db.concurrentUses()).isEmpty();
        assertThat(seen).isEqualTo(result.series()).hasSize(3);
        assertThat(seen.get(2).atSeconds()).isBetween(2.4, 3.0);
        assertThat(seen.stream().mapToLong(Second::transactions).sum()).isEqualTo(result.transactions());
        assertThat(result.checkout().getTotalCount()).isEqualTo(result.transactions());
        assertThat(result.transactions()).as("4 connections × ~300/s for 2.5 s, loosely").isBetween(200L, 4_000L);
        assertThat(result.peakPending()).as("64 clients on 4 connections queue").isGreaterThan(10);
        assertThat(result.errors()).isZero();
    }
}
