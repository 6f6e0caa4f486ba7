package dev.foodorder.bench;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaLimitsTest {

    @Test
    void readsTheTotalsOfProducerPerformanceNotItsProgressLines() {
        var output = """
                98291 records sent, 19658.2 records/sec (12.60 MB/sec), 1190.4 ms avg latency, 1595.0 ms max latency.
                200000 records sent, 28690.290346 records/sec (18.36 MB/sec), 1017.03 ms avg latency, 1660.00 ms max latency, 1044 ms 50th, 1531 ms 95th, 1595 ms 99th, 1650 ms 99.9th.
                """;

        var totals = KafkaLimits.match(Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec.*?(\\d+) ms 99th"), output);

        assertThat(totals[1]).isEqualTo("200000");
        assertThat(Double.parseDouble(totals[2])).isEqualTo(28690.290346);
        assertThat(totals[3]).isEqualTo("1595");
    }

    @Test
    void readsTheFetchRateOfConsumerPerformance() {
        var output = """
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-11-23 17:50:01:000, 2026-11-23 17:50:06:000, 127.9, 25.6, 200000, 40000.0, 3074, 1926, 66.4, 103842.2
                """;

        assertThat(KafkaLimits.fetchRecordsPerSecond(output)).isEqualTo(103842.2);
    }

    @Test
    void saysWhatItExpectedWhenAToolPrintedSomethingElse() {
        assertThatThrownBy(() -> KafkaLimits.match(Pattern.compile("Avg latency: ([\\d.]+) ms"), "Exception in thread main"))
                .hasMessageContaining("Avg latency").hasMessageContaining("Exception in thread main");
    }
}
