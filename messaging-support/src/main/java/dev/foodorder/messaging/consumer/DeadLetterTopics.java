package dev.foodorder.messaging.consumer;

import dev.foodorder.events.MalformedEventException;
import dev.foodorder.events.Topics;
import dev.foodorder.messaging.MessagingProperties;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The error handling of every listener: a failing record is retried with exponential back-off,
 * then published to {@code <topic>.DLT} (same partition) with the original key, value and headers
 * plus the exception as {@code kafka_dlt-*} headers, and consumption goes on. A record that breaks
 * the contract cannot get better by waiting, so it goes there at once.
 */
public final class DeadLetterTopics {

    private DeadLetterTopics() {
    }

    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> kafka, MessagingProperties.Consumer settings) {
        var recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(Topics.deadLetter(record.topic()), record.partition()));
        var backOff = new ExponentialBackOff(settings.initialBackOff().toMillis(), settings.multiplier());
        backOff.setMaxInterval(settings.maxBackOff().toMillis());
        backOff.setMaxAttempts(settings.maxRetries());
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, IllegalArgumentException.class);
        return handler;
    }
}
