package dev.foodorder.service.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HttpLatencyHistogramTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    HttpLatencyHistogramTest() {
        registry.config().meterFilter(new HttpLatencyHistogram());
    }

    @Test
    void httpRequestTimesArePublishedAsBucketsFromAMillisecondToTenSeconds() {
        var requests = Timer.builder(HttpLatencyHistogram.HTTP_SERVER_REQUESTS).tag("uri", "/api/orders").register(registry);
        requests.record(Duration.ofMillis(3));

        var buckets = Arrays.stream(requests.takeSnapshot().histogramCounts())
                .mapToDouble(bucket -> bucket.bucket(TimeUnit.MILLISECONDS)).toArray();
        assertThat(buckets).isNotEmpty();
        assertThat(buckets[0]).isGreaterThanOrEqualTo(1);
        assertThat(buckets[buckets.length - 1]).isLessThanOrEqualTo(10_000).isGreaterThanOrEqualTo(5_000);
        assertThat(registry.scrape()).contains("http_server_requests_seconds_bucket{");
    }

    @Test
    void otherTimersKeepTheirOwnSettings() {
        var other = Timer.builder("orders.time.to.outcome").register(registry);
        other.record(Duration.ofMillis(3));

        assertThat(other.takeSnapshot().histogramCounts()).isEmpty();
    }
}
