package dev.foodorder.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StepTest {

    @Test
    void spacesTheOrdersOfAnOpenStepEvenlyAtItsRate() {
        var step = Step.open(250, Duration.ofSeconds(2), Duration.ofSeconds(8));

        assertThat(step.orders()).isEqualTo(2_500);
        assertThat(step.due(0)).isZero();
        assertThat(step.due(250)).isCloseTo(1.0, within(1e-9));
        assertThat(step.due(2_499)).isLessThan(10.0);
    }

    @Test
    void rampsThePrimingStepFromATenthOfTheRateUpToIt() {
        var prime = Step.prime(100, Duration.ofSeconds(20));

        // (10/s + 100/s) / 2 over 20 s
        assertThat(prime.orders()).isEqualTo(1_100);
        assertThat(prime.due(prime.orders() - 1)).isLessThanOrEqualTo(20.0).isGreaterThan(19.9);
        // The first ten orders come at about 10/s, the last ones at 100/s.
        var firstTen = prime.due(10);
        var lastGap = prime.due(prime.orders() - 1) - prime.due(prime.orders() - 2);
        assertThat(firstTen).isBetween(0.8, 1.0);
        assertThat(lastGap).isCloseTo(0.01, within(0.001));
    }

    @Test
    void countsOnlyWhatHappensAfterTheWarmUp() {
        var window = new Step.Window(Step.open(50, Duration.ofSeconds(5), Duration.ofSeconds(10)), 100, 105, 115);

        assertThat(window.measures(104.9)).isFalse();
        assertThat(window.measures(105)).isTrue();
        assertThat(window.measures(115)).isFalse();
        assertThat(window.measuredSeconds()).isEqualTo(10);
    }
}
