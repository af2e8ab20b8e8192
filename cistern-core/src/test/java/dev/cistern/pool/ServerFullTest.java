package dev.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.PoolConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ServerRefusing}'s two invariants: one prober at a time, and a freed slot ends the prober's pause. */
class ServerFullTest {
    private static final long LONG_PAUSE = TimeUnit.SECONDS.toNanos(30);

    private static ServerRefusing serverFull(long pauseNanos) {
        PoolParts parts = new PoolParts(PoolConfig.builder().jdbcUrl("jdbc:stub:server-full").build(), Integer.MAX_VALUE,
                (a, b, c) -> { });
        return new ServerRefusing(parts, pauseNanos);
    }

    /** Invariant 1: of many creations refused at once, one becomes the prober; the place frees only by its holder. */
    @Test
    void atMostOneProberAtATime() throws Exception {
        ServerRefusing full = serverFull(LONG_PAUSE);
        for (int round = 0; round < 50; round++) {
            int threads = 8;
            CyclicBarrier start = new CyclicBarrier(threads);
            AtomicInteger probers = new AtomicInteger();
            AtomicInteger claimedAgain = new AtomicInteger();
            CountDownLatch claimed = new CountDownLatch(threads);
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        boolean mine = full.claimProbe();
                        if (mine) {
                            probers.incrementAndGet();
                            if (full.claimProbe()) {
                                claimedAgain.incrementAndGet(); // the holder keeps its place
                            }
                        } else {
                            full.leaveProbe(); // a no-op: it must not free the holder's place
                        }
                        claimed.countDown();
                        release.await(); // the holder keeps the place until every thread has tried
                        if (mine) {
                            full.leaveProbe();
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                workers.add(t);
                t.start();
            }
            claimed.await(10, TimeUnit.SECONDS);
            release.countDown();
            for (Thread t : workers) {
                t.join(10_000);
            }
            assertThat(probers.get()).as("probers in round " + round).isEqualTo(1);
            assertThat(claimedAgain.get()).isEqualTo(1);
            assertThat(full.claimProbe()).as("free again once its holder left").isTrue();
            full.leaveProbe();
        }
    }

    /** A non-holder leaving does not free the place: only the holder's leave does. */
    @Test
    void onlyTheHolderFreesThePlace() throws Exception {
        ServerRefusing full = serverFull(LONG_PAUSE);
        assertThat(full.claimProbe()).isTrue();
        boolean[] otherClaimed = new boolean[2];
        Thread other = new Thread(() -> {
            full.leaveProbe();
            otherClaimed[0] = full.claimProbe();
        });
        other.start();
        other.join(10_000);
        assertThat(otherClaimed[0]).as("another thread cannot take the held place").isFalse();
        full.leaveProbe();
        Thread next = new Thread(() -> otherClaimed[1] = full.claimProbe());
        next.start();
        next.join(10_000);
        assertThat(otherClaimed[1]).isTrue();
    }

    /** Invariant 2: with a 30 s pause, the prober still asks again at once when a connection of the pool closes. */
    @Test
    void aFreedSlotEndsTheProbersPause() throws Exception {
        ServerRefusing full = serverFull(LONG_PAUSE);
        CountDownLatch pausing = new CountDownLatch(1);
        long[] paused = new long[1];
        Thread prober = new Thread(() -> {
            assertThat(full.claimProbe()).isTrue();
            pausing.countDown();
            long start = System.nanoTime();
            full.pause(Long.MAX_VALUE);
            paused[0] = System.nanoTime() - start;
            full.leaveProbe();
        });
        prober.start();
        pausing.await(10, TimeUnit.SECONDS);
        // Keep freeing until the prober is parked and wakes: a permit given before it parks ends the park too.
        while (prober.isAlive()) {
            full.slotFreed();
            prober.join(50);
        }
        assertThat(Duration.ofNanos(paused[0])).as("pause ended by the freed slot, not by its 30 s")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void refusalsAreCountedAndTheStateEndsWhenDemandIsMet() {
        ServerRefusing full = serverFull(LONG_PAUSE);
        assertThat(full.isFull()).isFalse();
        SQLException refusal = new SQLException("sorry, too many clients already", "53300");
        for (int i = 0; i < 3; i++) {
            full.refused(refusal, 2, true);
        }
        assertThat(full.isFull()).isTrue();
        full.demandMet(4);
        assertThat(full.isFull()).isFalse();
    }
}
