package dev.foodorder.messaging;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.Topics;
import dev.foodorder.messaging.consumer.DeadLetterTopics;
import dev.foodorder.messaging.consumer.EventBatches;
import dev.foodorder.messaging.consumer.IdempotentConsumer;
import dev.foodorder.messaging.consumer.ReplayTopics;
import dev.foodorder.messaging.deadletter.DeadLetterConfiguration;
import dev.foodorder.messaging.kafka.CloudEventSerializer;
import dev.foodorder.messaging.outbox.Outbox;
import dev.foodorder.messaging.outbox.OutboxMetrics;
import dev.foodorder.messaging.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.api.Location;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Wires the shared messaging support into a service: CloudEvents (de)serialization for Kafka,
 * the outbox and its relay, the idempotent consumer and batches of events, dead-letter error handling, the topics and
 * the support's own Flyway migrations ({@code classpath:db/messaging}); and, from {@link DeadLetterConfiguration}, the
 * dead letters as an operator's tool.
 */
@AutoConfiguration
@EnableConfigurationProperties(MessagingProperties.class)
@Import(DeadLetterConfiguration.class)
public class MessagingAutoConfiguration {

    /** Settings the outbox depends on: durable, ordered and bounded in time when Kafka is away. */
    private static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
            ProducerConfig.LINGER_MS_CONFIG, 2,
            ProducerConfig.BATCH_SIZE_CONFIG, 65536,
            // Records are a few hundred bytes and travel over a local network: compressing them costs
            // the relay and the broker (which decompresses to validate) more CPU than it saves.
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);

    @Bean
    DefaultKafkaProducerFactoryCustomizer cloudEventProducer() {
        return factory -> {
            var missing = new LinkedHashMap<String, Object>();
            PRODUCER_DEFAULTS.forEach((key, value) -> {
                if (!factory.getConfigurationProperties().containsKey(key)) {
                    missing.put(key, value);
                }
            });
            factory.updateConfigs(missing);
            @SuppressWarnings("unchecked")
            var typed = (DefaultKafkaProducerFactory<Object, Object>) factory;
            typed.setKeySerializer(new DelegatingByTypeSerializer(Map.of(String.class, new StringSerializer())));
            typed.setValueSerializer(new DelegatingByTypeSerializer(Map.<Class<?>, Serializer<?>>of(
                    byte[].class, new ByteArraySerializer(),
                    EventEnvelope.class, new CloudEventSerializer())));
        };
    }

    /**
     * Listeners get the values as bytes: {@link EventBatches} reads each record's headers first and parses
     * only the events its handler wants, so the types a consumer ignores cost no JSON parsing.
     */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer cloudEventConsumer() {
        return factory -> {
            @SuppressWarnings("unchecked")
            var typed = (DefaultKafkaConsumerFactory<String, byte[]>) factory;
            typed.setKeyDeserializer(new StringDeserializer());
            typed.setValueDeserializer(new ByteArrayDeserializer());
        };
    }

    /**
     * @param deadLetterParking {@link DeadLetterTopics#parking}, declared with the figures of the dead letters in
     *                          {@link DeadLetterConfiguration}
     */
    @Bean
    DefaultErrorHandler deadLetterErrorHandler(ConsumerRecordRecoverer deadLetterParking, MessagingProperties properties) {
        return DeadLetterTopics.errorHandler(deadLetterParking, properties.consumer());
    }

    /**
     * Every topic of the contract and its dead-letter topic, whoever writes it: a consumer that starts
     * before the producer of its topic then finds the topic, and the dead-letter topic it parks records in.
     * A dead-letter topic keeps its records {@code messaging.dead-letters.retention} (30 days), long enough
     * for a person to act on them, and takes records of up to {@link DeadLetterTopics#MAX_RECORD_BYTES}; the
     * others keep the broker's defaults.
     */
    @Bean
    @ConditionalOnProperty(name = "messaging.topics.create", matchIfMissing = true)
    KafkaAdmin.NewTopics contractTopics(MessagingProperties properties) {
        var topics = properties.topics();
        var deadLetterRetention = Long.toString(properties.deadLetters().retention().toMillis());
        return new KafkaAdmin.NewTopics(Topics.all().stream()
                .flatMap(topic -> Stream.of(
                        TopicBuilder.name(topic),
                        TopicBuilder.name(Topics.deadLetter(topic)).config(TopicConfig.RETENTION_MS_CONFIG, deadLetterRetention)
                                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DeadLetterTopics.MAX_RECORD_BYTES))))
                .map(topic -> topic.partitions(topics.partitions()).replicas(topics.replicationFactor()).build())
                .toArray(NewTopic[]::new));
    }

    /** The topics this service's dead letters are replayed to, as its listeners name them. */
    @Bean
    @ConditionalOnProperty(name = "messaging.topics.create", matchIfMissing = true)
    ReplayTopics replayTopics(KafkaListenerEndpointRegistry listeners, KafkaAdmin admin, MessagingProperties properties) {
        return new ReplayTopics(listeners, admin, properties.topics().partitions(), properties.topics().replicationFactor());
    }

    /**
     * The admin also brings an existing topic's settings to what {@link #contractTopics} declares, not only
     * creates missing topics: a stack that ran before keeps its topics, whose dead-letter topics had the
     * broker's 7 days. It compares only the settings declared (the dead-letter topics' retention and size), once
     * at start-up, and so undoes a change made by hand to them: the property is where to change them.
     * Not where {@code spring.kafka.admin.modify-topic-configs} says otherwise, nor where the service
     * creates no topics (in Kubernetes the Topic Operator owns them, with the same retention).
     */
    @Bean
    @ConditionalOnProperty(name = "messaging.topics.create", matchIfMissing = true)
    static BeanPostProcessor declaredTopicSettingsApply(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof KafkaAdmin admin && !environment.containsProperty("spring.kafka.admin.modify-topic-configs")) {
                    admin.setModifyTopicConfigs(true);
                }
                return bean;
            }
        };
    }

    @Bean
    OutboxRelay outboxRelay(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                            KafkaTemplate<Object, Object> kafka, MessagingProperties properties, MeterRegistry meters,
                            MessagingSpans spans) {
        return new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), kafka, properties.outbox(), meters, spans);
    }

    /** Spans of sending and handling events of sampled traces; the propagator is looked up once, at the first. */
    @Bean
    MessagingSpans messagingSpans(ObjectProvider<Propagator> propagator) {
        return new MessagingSpans(SingletonSupplier.of(propagator::getIfAvailable));
    }

    /**
     * The current span as a W3C traceparent, read at each append. The tracer is looked up once, at the
     * first append (it may come later than this bean): a lookup per call cost a request more than the rest of it.
     */
    @Bean
    @ConditionalOnMissingBean
    TraceContext traceContext(ObjectProvider<Tracer> tracer) {
        var tracers = SingletonSupplier.of(tracer::getIfAvailable);
        return () -> {
            var current = tracers.get();
            var span = current == null ? null : current.currentSpan();
            return span == null ? null : MessagingSpans.traceparent(span.context());
        };
    }

    @Bean
    Outbox outbox(JdbcTemplate jdbc, OutboxRelay relay, MessagingProperties properties, Environment environment,
                  TraceContext traceContext) {
        var source = properties.source() != null ? properties.source()
                : "/" + environment.getProperty("spring.application.name", "application");
        return new Outbox(jdbc, source, traceContext::traceparent, relay::wakeUp);
    }

    @Bean
    Housekeeping messagingHousekeeping(JdbcTemplate jdbc, MessagingProperties properties) {
        return new Housekeeping(jdbc, properties);
    }

    @Bean
    OutboxMetrics outboxMetrics(JdbcTemplate jdbc) {
        return new OutboxMetrics(jdbc);
    }

    @Bean
    IdempotentConsumer idempotentConsumer(JdbcTemplate jdbc) {
        return new IdempotentConsumer(jdbc);
    }

    @Bean
    EventBatches eventBatches(PlatformTransactionManager transactionManager, IdempotentConsumer idempotentConsumer,
                              Environment environment, MessagingSpans spans, ConsumerRecordRecoverer deadLetterParking) {
        return new EventBatches(new TransactionTemplate(transactionManager), idempotentConsumer,
                environment.getProperty("spring.application.name", "application"), spans, deadLetterParking);
    }

    /**
     * Listener containers poll on platform threads of their own, even where the service runs its
     * HTTP requests on virtual threads: a consumer that shares the JVM's few carrier threads with a
     * queue of requests falls behind exactly when orders pour in, and the orders already placed
     * wait for their outcome.
     *
     * <p>Unless {@code spring.kafka.listener.ack-mode} says otherwise, offsets are committed every
     * 200 ms rather than after every poll: at a trickle of orders each poll holds one record, and
     * its synchronous commit cost the broker more than the record did. A crash now redelivers up to
     * 200 ms of records more, which the idempotent consumer drops (ADR 0008). Polls return at least
     * every second, so that the last offsets of a burst are committed soon after it.
     *
     * <p>A listener refused by the broker's ACLs tries again every second instead of stopping for good: a
     * stack or a cluster may grant a service its permissions a moment after the service has started
     * (the local stack starts the services while the broker starts; Strimzi's User Operator writes ACLs
     * when it gets to them).
     */
    @Bean
    static BeanPostProcessor listenerContainerDefaults(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
                    var threads = new SimpleAsyncTaskExecutor(beanName + "-");
                    threads.setVirtualThreads(false);
                    var container = factory.getContainerProperties();
                    container.setListenerTaskExecutor(threads);
                    if (!environment.containsProperty("spring.kafka.listener.ack-mode")) {
                        container.setAckMode(ContainerProperties.AckMode.TIME);
                        container.setAckTime(200);
                    }
                    if (!environment.containsProperty("spring.kafka.listener.poll-timeout")) {
                        container.setPollTimeout(1000);
                    }
                    if (!environment.containsProperty("spring.kafka.listener.auth-exception-retry-interval")) {
                        container.setAuthExceptionRetryInterval(Duration.ofSeconds(1));
                    }
                    fixTransactionMarkerOffsets(factory);
                }
                return bean;
            }
        };
    }

    /**
     * A topic written in Kafka transactions ends each transaction with a marker that takes an offset
     * but is never delivered: a consumer that has read everything would commit the offset before the
     * marker and show a lag of 1 for ever. Spring Kafka's fix asks the broker for the committed offsets
     * and commits again at the top of every poll, which costs a round trip and a synchronous commit per
     * poll: only the containers of such topics pay it, the others commit on their timer (ADR 0008).
     */
    private static <C extends AbstractMessageListenerContainer<K, V>, K, V> void fixTransactionMarkerOffsets(
            AbstractKafkaListenerContainerFactory<C, K, V> factory) {
        factory.setContainerCustomizer(container -> {
            var topics = container.getContainerProperties().getTopics();
            container.getContainerProperties().setFixTxOffsets(
                    topics != null && Arrays.stream(topics).anyMatch(Topics::writtenInTransactions));
        });
    }

    /**
     * Adds the support's migrations, versions 0.x, to the service's own (1, 2, ...) in one history.
     * A new 0.x is older than service migrations an existing database has already applied: Flyway
     * would refuse to start it, unless it may apply migrations out of order.
     */
    @Bean
    FlywayConfigurationCustomizer messagingMigrations() {
        return configuration -> configuration.locations(Stream.concat(
                        Arrays.stream(configuration.getLocations()).map(Location::getDescriptor),
                        Stream.of("classpath:db/messaging"))
                .distinct().toArray(String[]::new))
                .outOfOrder(true);
    }
}
