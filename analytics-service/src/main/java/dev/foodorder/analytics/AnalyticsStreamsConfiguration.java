package dev.foodorder.analytics;

import dev.foodorder.analytics.figures.FiguresProperties;
import dev.foodorder.analytics.flagging.FlaggingProperties;
import dev.foodorder.analytics.streams.InstanceProperties;
import dev.foodorder.analytics.streams.KafkaStreamsInstances;
import dev.foodorder.analytics.streams.RunningStreams;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.analytics.streams.StreamsHealthIndicator;
import dev.foodorder.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.json.JsonMapper;

import java.util.stream.Stream;

/**
 * Runs {@link AnalyticsTopology} with Spring Kafka: Boot's {@code spring.kafka.streams.*} configure it, and
 * {@code StreamsBuilderFactoryBean} starts it with the application and closes it on shutdown.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class AnalyticsStreamsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsStreamsConfiguration.class);

    @Bean
    AnalyticsTopology analyticsTopology(StreamsBuilder builder, FiguresProperties figures, FlaggingProperties flagging,
                                        StateRetention retention, MeterRegistry meters) {
        var topology = new AnalyticsTopology(figures, flagging, retention, meters);
        topology.addTo(builder);
        return topology;
    }

    @Bean
    RunningStreams runningStreams() {
        return new RunningStreams();
    }

    /** The views read through it, so that every instance answers for the whole application. */
    @Bean
    KafkaStreamsInstances analyticsInstances(RunningStreams streams, StreamsBuilderFactoryBean factory,
                                             InstanceProperties instance, JsonMapper json) {
        return new KafkaStreamsInstances(streams, factory, instance, json);
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer analyticsStreamsLifecycle(RunningStreams streams) {
        return factory -> {
            factory.addListener(streams);
            // Without a static member id, a member that stays in the group on close only delays the next
            // start's rebalance until its session times out.
            factory.setLeaveGroupOnClose(true);
            // A failed stream thread is replaced: with exactly-once its open transaction is aborted and its
            // state restored, so the read side heals by itself instead of standing in ERROR until a restart.
            factory.setStreamsUncaughtExceptionHandler(exception -> {
                log.error("A Kafka Streams thread failed; replacing it", exception);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            });
        };
    }

    @Bean
    StreamsHealthIndicator kafkaStreamsHealthIndicator(RunningStreams streams) {
        return new StreamsHealthIndicator(streams);
    }

    /**
     * The topics this service reads and writes. Kafka Streams stops at a source topic that does not exist,
     * and this service may start before the services that own {@code orders} and {@code inventory};
     * creating a topic that exists changes nothing.
     */
    @Bean
    KafkaAdmin.NewTopics analyticsTopics() {
        return new KafkaAdmin.NewTopics(Stream.of(Topics.ORDERS, Topics.INVENTORY, Topics.CUSTOMERS)
                .map(name -> TopicBuilder.name(name).partitions(Topics.DEFAULT_PARTITIONS).build())
                .toArray(NewTopic[]::new));
    }
}
