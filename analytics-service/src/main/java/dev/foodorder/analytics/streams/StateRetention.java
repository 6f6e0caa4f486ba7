package dev.foodorder.analytics.streams;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long the state kept per order (progress, timeline) and per flagged customer outlives its last
 * event, under {@code analytics.state.*}. Measured in stream time, the time of the events read, so a
 * replay forgets exactly what the first run forgot.
 *
 * @param retention     how long after its last event an order's state is kept: long enough for any
 *                      cancellation to find its order, short enough to keep the stores to a day of traffic
 * @param purgeInterval how often the stores are purged of what outlived the retention
 */
@ConfigurationProperties("analytics.state")
public record StateRetention(@DefaultValue("24h") Duration retention, @DefaultValue("1m") Duration purgeInterval) {

    public StateRetention {
        if (retention.isNegative() || retention.isZero() || purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("analytics.state.retention and purge-interval must be positive");
        }
    }
}
