package dev.foodorder.messaging.deadletter;

import dev.foodorder.events.Topics;
import dev.foodorder.messaging.MessagingProperties;
import dev.foodorder.messaging.consumer.DeadLetterTopics;
import dev.foodorder.service.security.ApiAccess;
import dev.foodorder.service.security.Scopes;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Dead letters as an operator's tool, in every service that consumes: parking a record that fails
 * ({@link DeadLetterTopics#parking}), the figures of those waiting for a replay, and the API that lists
 * and replays them ({@code /api/dead-letters}, in a web application with the shared HTTP conventions of
 * {@code service-support}). Imported by {@code MessagingAutoConfiguration}. See
 * docs/adr/0019-dead-letters-for-operators.md.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    private static final List<String> DEAD_LETTER_TOPICS = Topics.all().stream().map(Topics::deadLetter).toList();

    @Bean
    Replays deadLetterReplays(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, KafkaTemplate<Object, Object> kafka,
                              MessagingProperties properties, ConsumerFactory<?, ?> consumers) {
        return new Replays(jdbc, new TransactionTemplate(transactionManager), kafka, properties.outbox().sendTimeout(),
                groupOf(consumers));
    }

    @Bean
    WaitingDeadLetters waitingDeadLetters(Replays deadLetterReplays) {
        return new WaitingDeadLetters(DEAD_LETTER_TOPICS, deadLetterReplays, Clock.systemUTC());
    }

    /** Parks a record in its topic's dead-letter topic, logged, counted, and added to the records waiting. */
    @Bean
    ConsumerRecordRecoverer deadLetterParking(ProducerFactory<Object, Object> producers, MeterRegistry meters,
                                              WaitingDeadLetters waitingDeadLetters) {
        return DeadLetterTopics.parking(producers, meters, waitingDeadLetters::parked);
    }

    /** The records of the group the service's listeners consume in: {@code spring.kafka.consumer.group-id}. */
    @Bean
    DeadLetters deadLetters(ConsumerFactory<?, ?> consumers, Replays deadLetterReplays, WaitingDeadLetters waitingDeadLetters,
                            MessagingProperties properties, Environment environment) {
        var clientId = environment.getProperty("spring.application.name", "application") + "-dead-letters";
        return new DeadLetters(new DeadLetterLog(consumers.getConfigurationProperties(), groupOf(consumers), clientId),
                deadLetterReplays, waitingDeadLetters, DEAD_LETTER_TOPICS, properties.consumer().processedRetention(),
                Clock.systemUTC());
    }

    private static String groupOf(ConsumerFactory<?, ?> consumers) {
        return Objects.toString(consumers.getConfigurationProperties().get(ConsumerConfig.GROUP_ID_CONFIG), "");
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "dev.foodorder.service.api.NotFoundException")
    @Import(DeadLetterController.class)
    static class Api {

        /** Dead letters hold whole records, any customer's: staff read and replay them. */
        @Bean
        ApiAccess deadLetterAccess() {
            return requests -> requests.requestMatchers("/api/dead-letters", "/api/dead-letters/**")
                    .access(ApiAccess.staff(Scopes.DEAD_LETTERS_REPLAY));
        }
    }
}
