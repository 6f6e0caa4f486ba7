package dev.foodorder.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatenciesTest {

    @Test
    void givesPercentilesInMillisecondsToThreeSignificantDigits() {
        var values = new ArrayList<Double>();
        for (int i = 1; i <= 1_000; i++) {
            values.add(i / 10.0);
        }

        var latencies = Latencies.of(values);

        assertThat(latencies.count()).isEqualTo(1_000);
        assertThat(latencies.p50()).isCloseTo(50.0, within(0.1));
        assertThat(latencies.p99()).isCloseTo(99.0, within(0.1));
        assertThat(latencies.max()).isCloseTo(100.0, within(0.1));
    }

    @Test
    void hasNoFiguresWithoutValues() {
        assertThat(Latencies.of(List.of()).count()).isZero();
        assertThat(Latencies.of(List.of()).p99()).isNaN();
    }
}
