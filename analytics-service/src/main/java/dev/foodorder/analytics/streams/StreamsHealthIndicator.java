package dev.foodorder.analytics.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The state of Kafka Streams in {@code /actuator/health}: up while it runs or rebalances (the views answer
 * 503 meanwhile, and it passes), down once it has failed or stopped, when no figure moves any more.
 */
public final class StreamsHealthIndicator implements HealthIndicator {

    private final RunningStreams streams;

    public StreamsHealthIndicator(RunningStreams streams) {
        this.streams = streams;
    }

    @Override
    public Health health() {
        return streams.state()
                .map(state -> health(state).withDetail("state", state.name()).build())
                .orElseGet(() -> Health.down().withDetail("state", "not started").build());
    }

    private static Health.Builder health(KafkaStreams.State state) {
        return switch (state) {
            case CREATED, REBALANCING, RUNNING -> Health.up();
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> Health.down();
        };
    }
}
