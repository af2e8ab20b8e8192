package dev.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The autoscaler's rules, fed synthetic loads on a synthetic clock (one sample per second). */
class AutoScalerTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int FLOOR = 2;
    private static final int CEILING = 20;

    /** step 20 % (4 connections), up at 80 %, down at 50 %, window 10 s, cooldown 30 s, interval 5 s. */
    private final AutoScaler scaler = new AutoScaler(0.2, 0.8, 0.5, 10 * SECOND, 30 * SECOND, 5 * SECOND);
    private final List<Integer> sizes = new ArrayList<>();
    private long now;
    private int size = CEILING;

    /** Runs the scaler for {@code seconds} with a demand of {@code wanted} concurrent connections. */
    private void load(int wanted, int seconds) {
        for (int i = 0; i < seconds; i++) {
            now += SECOND;
            int active = Math.min(wanted, size);
            int waiting = Math.max(0, wanted - size);
            AutoScaler.Decision d = scaler.sample(now, active, size, waiting, FLOOR, CEILING);
            size = d.size();
            sizes.add(size);
        }
    }

    @Test
    void followsARisingAndFallingLoadWithinItsBounds() {
        load(1, 300);              // quiet: shrinks step by step to the floor
        assertThat(size).isEqualTo(FLOOR);
        load(15, 60);              // demand rises: grows until nobody queues and utilization is under 80 %
        assertThat(size).isBetween(15, CEILING);
        load(30, 60);              // more than the ceiling: stops at the ceiling
        assertThat(size).isEqualTo(CEILING);
        load(3, 400);              // falls again
        assertThat(size).isBetween(FLOOR, 6);
        assertThat(sizes).allSatisfy(s -> assertThat(s).isBetween(FLOOR, CEILING));
    }

    @Test
    void neverDecidesMoreOftenThanTheInterval() {
        List<Long> decisionTimes = new ArrayList<>();
        int previous = size;
        for (int i = 0; i < 200; i++) {
            load(i % 40 < 20 ? 30 : 0, 1); // a harsh square wave
            if (size != previous) {
                decisionTimes.add(now);
                previous = size;
            }
        }
        for (int i = 1; i < decisionTimes.size(); i++) {
            assertThat(decisionTimes.get(i) - decisionTimes.get(i - 1)).isGreaterThanOrEqualTo(5 * SECOND);
        }
    }

    @Test
    void aSteadyLoadSettlesAndNeverFlaps() {
        for (int wanted = 1; wanted <= CEILING; wanted++) {
            size = CEILING;
            sizes.clear();
            load(wanted, 600);
            List<Integer> settled = sizes.subList(300, sizes.size());
            assertThat(settled).as("steady load of " + wanted + ": sizes after settling").containsOnly(settled.get(0));
        }
    }

    @Test
    void aLargeStepDoesNotShrinkIntoTheNextGrow() {
        // With a 50 % step, a load of 4 at size 10 (40 %) looks quiet, but shrinking to 2 would queue
        // borrowers and grow again: the shrink must be refused, or the pool flaps between 2 and 12.
        AutoScaler coarse = new AutoScaler(0.5, 0.8, 0.5, 10 * SECOND, 30 * SECOND, 5 * SECOND);
        int current = CEILING;
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            now += SECOND;
            int active = Math.min(4, current);
            current = coarse.sample(now, active, current, Math.max(0, 4 - current), FLOOR, CEILING).size();
            seen.add(current);
        }
        List<Integer> settled = seen.subList(300, seen.size());
        assertThat(settled).containsOnly(settled.get(0));
        assertThat(settled.get(0)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void growsAtOnceWhenBorrowersQueueEvenIfTheMeanLooksLow() {
        load(0, 300);
        assertThat(size).isEqualTo(FLOOR);
        now += SECOND;
        AutoScaler.Decision d = scaler.sample(now, FLOOR, FLOOR, 1, FLOOR, CEILING);
        assertThat(d.changed()).isTrue();
        assertThat(d.size()).isEqualTo(FLOOR + 4);
        assertThat(d.reason()).isEqualTo("borrowers were queued");
    }

    @Test
    void pullsASizeOutsideTheBoundsBackIn() {
        AutoScaler.Decision d = scaler.sample(SECOND, 0, 50, 0, FLOOR, CEILING);
        assertThat(d.size()).isEqualTo(CEILING);
        assertThat(d.reason()).contains("outside its bounds");
    }

    @Test
    void stepIsAFractionOfTheMaximumAndAtLeastOne() {
        assertThat(scaler.step(20)).isEqualTo(4);
        assertThat(scaler.step(3)).isEqualTo(1);
        assertThat(scaler.step(1)).isEqualTo(1);
    }
}
