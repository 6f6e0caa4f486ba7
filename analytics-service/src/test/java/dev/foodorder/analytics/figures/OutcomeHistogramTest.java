package dev.foodorder.analytics.figures;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeHistogramTest {

    @Test
    void aPercentileIsEstimatedWithinTheBucketOfTheTrueValue() {
        // 1 to 1000 ms: the true median is 500, the true 99th percentile 990.
        var histogram = LongStream.rangeClosed(1, 1_000).boxed().reduce(OutcomeHistogram.EMPTY, OutcomeHistogram::record, OutcomeHistogram::plus);

        assertThat(histogram.percentile(0.50)).isBetween(200.0, 500.0);
        assertThat(histogram.percentile(0.99)).isBetween(500.0, 1_000.0);
        assertThat(histogram.total()).isEqualTo(1_000);
    }

    @Test
    void equalTimesGiveThatTimeAsEveryPercentile() {
        var histogram = OutcomeHistogram.EMPTY.record(150).record(150).record(150);

        assertThat(histogram.percentile(0.50)).isEqualTo(150.0);
        assertThat(histogram.percentile(0.99)).isEqualTo(150.0);
    }

    @Test
    void timesBeyondTheLastBucketAreBoundedByTheLongestSeen() {
        var histogram = OutcomeHistogram.EMPTY.record(90_000).record(120_000);

        assertThat(histogram.percentile(0.99)).isBetween(90_000.0, 120_000.0);
    }

    @Test
    void noTimesGiveNoPercentile() {
        assertThat(OutcomeHistogram.EMPTY.percentile(0.5)).isNull();
    }

    @Test
    void thePartsOfAMinuteAddUpBucketByBucket() {
        var fast = OutcomeHistogram.EMPTY.record(10).record(10).record(10);
        var slow = OutcomeHistogram.EMPTY.record(3_000);

        var minute = fast.plus(slow);

        assertThat(minute.total()).isEqualTo(4);
        assertThat(minute.percentile(0.50)).isEqualTo(10.0);
        assertThat(minute.percentile(0.99)).isBetween(2_000.0, 3_000.0);
        assertThat(minute.minMs()).isEqualTo(10);
        assertThat(OutcomeHistogram.EMPTY.plus(slow)).isSameAs(slow);
    }
}
