package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SizeAdvisorTest {

    @Test
    void theKneeIsTheSmallestSizeNearTheBestThroughputWithoutAWorseP99() {
        List<SizeAdvisor.Measured> points = List.of(
                new SizeAdvisor.Measured(1, 1_000, 40, 0),
                new SizeAdvisor.Measured(2, 1_900, 20, 0),
                new SizeAdvisor.Measured(4, 3_500, 9, 0),
                new SizeAdvisor.Measured(8, 3_650, 8.8, 0),
                new SizeAdvisor.Measured(16, 3_700, 8.5, 0),
                new SizeAdvisor.Measured(32, 3_300, 12, 0));
        assertThat(SizeAdvisor.knee(points, 0.05).size()).as("4 is 5.4% short").isEqualTo(8);
        assertThat(SizeAdvisor.knee(points, 0.10).size()).isEqualTo(4);
        assertThat(SizeAdvisor.knee(points, 0).size()).isEqualTo(16);
    }

    @Test
    void aSizeWithAWorseP99OrWithErrorsIsNotTheKnee() {
        List<SizeAdvisor.Measured> points = List.of(
                new SizeAdvisor.Measured(4, 3_600, 30, 0), // as fast, but its p99 is far worse
                new SizeAdvisor.Measured(8, 3_650, 8.8, 12), // errors
                new SizeAdvisor.Measured(16, 3_700, 8.5, 0));
        assertThat(SizeAdvisor.knee(points, 0.05).size()).isEqualTo(16);
    }

    @Test
    void erlangCMatchesTheTextbookFigures() {
        // M/M/c with 2 servers at 1 Erlang: P(wait) = 1/3; 10 servers at 8 Erlangs: 0.409.
        assertThat(SizeAdvisor.waitProbability(2, 1)).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(SizeAdvisor.waitProbability(10, 8)).isCloseTo(0.409, within(0.001));
        assertThat(SizeAdvisor.waitProbability(5, 5)).isEqualTo(1);
        // mean wait = C / (c - a) × mean use: 2 servers, 1 Erlang, 10 ms use -> 1/3 × 10 ms
        assertThat(SizeAdvisor.waitMean(2, 1, 10)).isCloseTo(10.0 / 3, within(1e-9));
        assertThat(SizeAdvisor.waitP99(2, 2.5, 10)).isInfinite();
    }

    @Test
    void theRecommendedSizeIsTheSmallestMeetingTheTarget() {
        double load = 8; // e.g. 800 borrows a second held 10 ms each
        int size = SizeAdvisor.smallestSizeFor(load, 10, 1);
        assertThat(SizeAdvisor.waitP99(size, load, 10)).isLessThanOrEqualTo(1);
        assertThat(SizeAdvisor.waitP99(size - 1, load, 10)).isGreaterThan(1);
        assertThat(size).isBetween(9, 20);
        assertThat(SizeAdvisor.smallestSizeFor(0.01, 1, 0)).isEqualTo(1);
        assertThat(SizeAdvisor.modelledSizes(8, size, 30)).startsWith(9).contains(size + 4, 30);
    }
}
