package dev.cistern.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.testkit.db.DatabaseServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, part 3: eight pools of ten against a real server that restarts. Coming back, each pool reconnects at
 * its {@code connectionCreationRate} (here 5 a second), not all at once, and every pool is back to its size.
 * {@code ReconnectStormPostgresTest} and {@code ReconnectStormMariaDbTest} run it.
 */
abstract class ReconnectStormContract {
    private static final int POOLS = 8;
    private static final int RATE = 5;
    private final List<CisternDataSource> pools = new ArrayList<>();

    @AfterEach
    void close() {
        pools.forEach(CisternDataSource::close);
    }

    /** {@return the server to restart} */
    protected abstract DatabaseServer server();

    @Test
    void aRestartedServerIsReconnectedAtTheRateOfEachPool() throws Exception {
        DatabaseServer server = server();
        for (int i = 0; i < POOLS; i++) {
            pools.add(new CisternDataSource(PoolConfig.builder().jdbcUrl(server.jdbcUrl()).username(server.username())
                    .password(server.password()).poolName("storm-" + i).maximumPoolSize(10).minimumIdle(10)
                    .connectionCreationRate(RATE).housekeepingPeriod(Duration.ofMillis(200))
                    .keepaliveTime(Duration.ofMillis(300)).build()));
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> pools.stream().allMatch(p -> p.stats().total() == 10));
        long[] createdBefore = pools.stream().mapToLong(p -> p.stats().created()).toArray();

        server.stop(); // every session ends; the keepalive checks find out, and the pools refill
        server.startServer();
        List<long[]> samples = new ArrayList<>();
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
            long[] sample = new long[POOLS];
            for (int i = 0; i < POOLS; i++) {
                sample[i] = pools.get(i).stats().created() - createdBefore[i];
            }
            samples.add(sample);
            if (pools.stream().allMatch(p -> p.stats().total() == 10)
                    && java.util.Arrays.stream(sample).allMatch(n -> n >= 10)) {
                break;
            }
            Thread.sleep(50);
        }
        for (int i = 0; i < POOLS; i++) {
            CisternDataSource pool = pools.get(i);
            assertThat(pool.stats().total()).as(pool.poolName() + " back to its size").isEqualTo(10);
            assertThat(pool.stats().serverFullRefusals()).isZero();
            // At most RATE + 1 creations in any second (20 samples of 50 ms), with one more for sampling slack.
            int most = 0;
            for (int s = 0; s + 20 < samples.size(); s++) {
                most = (int) Math.max(most, samples.get(s + 20)[i] - samples.get(s)[i]);
            }
            assertThat(most).as(pool.poolName() + ": connections opened in the busiest second").isLessThanOrEqualTo(RATE + 2);
        }
    }
}
