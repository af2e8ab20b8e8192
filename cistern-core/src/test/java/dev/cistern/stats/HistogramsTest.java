package dev.cistern.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.Latency;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramsTest {
    @Test
    void durationsAreKeptInMicrosecondsAndClampedToTheRange() {
        assertThat(Histograms.micros(1_500)).isEqualTo(1);
        assertThat(Histograms.micros(-5)).as("a clock step back counts as zero").isZero();
        assertThat(Histograms.micros(Long.MAX_VALUE)).isEqualTo(Histograms.HIGHEST_MICROS);
        Histogram histogram = Histograms.newHistogram();
        histogram.recordValue(Histograms.micros(Duration.ofHours(5).toNanos()));
        assertThat(Histograms.summarize(histogram).max()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aSampleIsScaledToTheCountItStandsFor() {
        Histogram sample = Histograms.newHistogram();
        sample.recordValueWithCount(1_000, 5); // 1 ms
        sample.recordValueWithCount(100_000, 5); // 100 ms
        Latency latency = Histograms.summarize(sample, 100);
        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.p50()).isBetween(Duration.ofMillis(1), Duration.ofNanos(1_010_000));
        assertThat(latency.max()).isBetween(Duration.ofMillis(100), Duration.ofMillis(101));
        assertThat(latency.buckets()).hasSize(Latency.BUCKET_BOUNDS.size());
        assertThat(bucket(latency, Duration.ofMillis(1))).isEqualTo(50);
        assertThat(bucket(latency, Duration.ofMillis(250))).isEqualTo(100);
        assertThat(latency.total()).isBetween(Duration.ofMillis(5_000), Duration.ofMillis(5_100));
        assertThat(Histograms.summarize(sample, 3).count()).as("never below the sample").isEqualTo(10);
        assertThat(Histograms.summarize(Histograms.newHistogram())).isEqualTo(Latency.NONE);
    }

    @Test
    void aCompressedCopySubtractsFromALaterReading() {
        Histogram earlier = Histograms.newHistogram();
        earlier.recordValueWithCount(10, 3);
        Histogram later = earlier.copy();
        later.recordValueWithCount(2_000, 4);
        Histogram between = Histograms.since(later, Histograms.decompress(Histograms.compress(earlier)));
        assertThat(between.getTotalCount()).isEqualTo(4);
        assertThat(Histograms.since(earlier, later)).as("not an earlier reading of the same totals").isNull();
    }

    private static long bucket(Latency latency, Duration bound) {
        return latency.buckets().stream().filter(b -> b.upperBound().equals(bound)).findFirst().orElseThrow().count();
    }
}
