package dev.foodorder.order.ordering;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PreferTest {

    @ParameterizedTest
    @ValueSource(strings = {"wait=5", "WAIT = 5", "respond-async, wait=5", "wait=\"5\"", "return=minimal, wait=5;x=y, handling=lenient"})
    void readsTheWaitPreferenceAmongOthers(String header) {
        assertThat(Prefer.waitOf(header)).hasValue(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "respond-async", "wait", "wait=", "wait=-1", "wait=soon", "wait=1.5", "wait=99999999999"})
    void ignoresAWaitItCannotRead(String header) {
        assertThat(Prefer.waitOf(header)).isEmpty();
    }

    @Test
    void noHeaderMeansNoWait() {
        assertThat(Prefer.waitOf(null)).isEmpty();
    }

    @Test
    void reportsTheWaitItApplied() {
        assertThat(Prefer.applied(Duration.ofSeconds(30))).isEqualTo("wait=30");
    }
}
