package dev.foodorder.service.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

import java.time.Duration;

/**
 * Publishes buckets for {@code http.server.requests}, so that a percentile can be computed over all
 * instances of a service ({@code histogram_quantile} in Prometheus). A percentile computed in each
 * instance could not be added up; a mean and a maximum hide the tail that a user waits in. The
 * buckets span 1 ms to 10 s: finer or longer says nothing more about this API and costs series.
 */
public final class HttpLatencyHistogram implements MeterFilter {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
            return config;
        }
        return DistributionStatisticConfig.builder()
                .percentilesHistogram(true)
                .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                .maximumExpectedValue((double) Duration.ofSeconds(10).toNanos())
                .build()
                .merge(config);
    }
}
