package dev.foodorder.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnalysisTest {

    private static final Step.Window WINDOW = new Step.Window(Step.open(1000, Duration.ofSeconds(5), Duration.ofSeconds(20)), 10, 15, 35);

    @Test
    void aStepsRefusalsByReasonAreWhatTheOrderServiceCountedDuringItsCountedPart() {
        var samples = List.of(
                sample(14.5, Map.of("capacity", 10.0, "pending-orders", 2.0)),
                sample(20.5, Map.of("capacity", 15.0, "pending-orders", 2.0)),
                sample(34.5, Map.of("capacity", 40.0, "pending-orders", 7.0)),
                sample(35.5, Map.of("capacity", 90.0, "pending-orders", 9.0)));

        assertThat(Analysis.refusedByReason(samples, WINDOW)).containsExactlyInAnyOrderEntriesOf(
                Map.of("capacity", 30L, "pending-orders", 5L));
    }

    @Test
    void aSecondWhoseCountersWereNotReadIsPassedOver() {
        var samples = List.of(
                sample(13.5, Map.of("capacity", 10.0)),
                sample(14.5, Map.of()),
                sample(33.5, Map.of("capacity", 25.0)),
                sample(34.5, Map.of()));

        assertThat(Analysis.refusedByReason(samples, WINDOW)).containsExactly(Map.entry("capacity", 15L));
    }

    @Test
    void aStepWithoutCountersBeforeItHasNoRefusalsByReason() {
        var samples = List.of(sample(20.5, Map.of("capacity", 15.0)));

        assertThat(Analysis.refusedByReason(samples, WINDOW)).isEmpty();
    }

    @Test
    void averagesEachGroupOverTheStepsSecondsCountingAGroupMissingFromASecondAsZero() {
        var first = waiting(Map.of("kafka", 1.0, "postgres", 3.0));
        var second = waiting(Map.of("kafka", 2.0));

        assertThat(Analysis.average(List.of(first, second), Sampler.Sample::waiting))
                .containsEntry("kafka", 1.5)
                .containsEntry("postgres", 1.5);
    }

    private static Sampler.Sample waiting(Map<String, Double> waiting) {
        return sample(21, Map.of(), waiting);
    }

    private static Sampler.Sample sample(double t, Map<String, Double> refusedByReason) {
        return sample(t, refusedByReason, Map.of());
    }

    private static Sampler.Sample sample(double t, Map<String, Double> refusedByReason, Map<String, Double> waiting) {
        return new Sampler.Sample(t, WINDOW.step().name(), 0, 0, 0, 0, 0, refusedByReason, Map.of(), Map.of(), Map.of(),
                waiting, Map.of(), 0);
    }
}
