package dev.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.Latency;
import dev.cistern.stats.Histograms;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The recent figures are the totals now minus the totals filed about a window ago, on made-up times (a
 * 60 s window, filed every 10 s), so what each reading covers is exact.
 */
class RecentWindowTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long WINDOW = 60 * SECOND;

    /** Cumulative use times: {@code fast} borrows of 1 ms and {@code slow} of 500 ms so far. */
    private static RecentWindow.Totals at(long seconds, long fast, long slow) {
        Histogram uses = Histograms.newHistogram();
        uses.recordValueWithCount(1_000, Math.max(1, fast)); // at least one value, so the histogram is not empty
        if (slow > 0) {
            uses.recordValueWithCount(500_000, slow);
        }
        return new RecentWindow.Totals(seconds * SECOND, fast + slow, slow,
                new LatencyRecording.Totals(Histograms.newHistogram(), uses, uses.getTotalCount(), Histograms.newHistogram()));
    }

    @Test
    void aYoungPoolsRecentFiguresCoverItsWholeLife() {
        RecentWindow window = new RecentWindow(WINDOW, at(0, 0, 0));
        RecentWindow.Recent recent = window.since(at(20, 100, 0));
        assertThat(recent.seconds()).isEqualTo(20.0);
        assertThat(recent.borrows()).isEqualTo(100);
        assertThat(recent.borrowsPerSecond()).isEqualTo(5.0);
        assertThat(recent.uses().count()).isEqualTo(99); // 100 minus the placeholder value filed at start
    }

    @Test
    void anOldPoolsRecentFiguresLeaveOutWhatHappenedBeforeTheWindow() {
        RecentWindow window = new RecentWindow(WINDOW, at(0, 0, 0));
        // 300 slow borrows in the first 10 s, then only fast ones, 10 per second
        window.file(at(10, 0, 300));
        long fast = 0;
        for (long t = 20; t <= 120; t += 10) {
            fast += 100;
            window.file(at(t, fast, 300));
        }
        RecentWindow.Recent recent = window.since(at(125, fast + 50, 300));
        assertThat(recent.seconds()).as("from the filing at 70 s, the oldest within 60 s of 125 s").isEqualTo(55.0);
        assertThat(recent.borrows()).isEqualTo(550);
        assertThat(recent.timeouts()).as("the 300 slow ones, counted as timeouts here, are older").isZero();
        Latency uses = recent.uses();
        assertThat(uses.count()).isEqualTo(550);
        assertThat(uses.max()).as("the slow borrows are older than the window").isLessThan(Duration.ofMillis(2));
        assertThat(window.since(at(125, fast + 50, 300)).uses().count()).as("reading changes nothing").isEqualTo(550);
    }

    @Test
    void filingsStepEverySixthOfTheWindowAndOldOnesAreDropped() {
        RecentWindow window = new RecentWindow(WINDOW, at(0, 0, 0));
        assertThat(window.stepNanos()).isEqualTo(10 * SECOND);
        for (long t = 10; t <= 600; t += 10) {
            window.file(at(t, t, 0));
        }
        RecentWindow.Recent recent = window.since(at(605, 605, 0));
        assertThat(recent.seconds()).isEqualTo(55.0);
        assertThat(recent.borrows()).isEqualTo(55);
    }

    @Test
    void withoutLatencyRecordingOnlyTheCountsAreKept() {
        RecentWindow window = new RecentWindow(WINDOW, new RecentWindow.Totals(0, 0, 0, null));
        window.file(new RecentWindow.Totals(10 * SECOND, 40, 3, null));
        RecentWindow.Recent recent = window.since(new RecentWindow.Totals(30 * SECOND, 100, 5, null));
        assertThat(recent.borrows()).isEqualTo(100);
        assertThat(recent.timeouts()).isEqualTo(5);
        assertThat(recent.waits()).isEqualTo(Latency.NONE);
        assertThat(recent.uses()).isEqualTo(Latency.NONE);
    }
}
