package dev.foodorder.messaging.consumer;

import dev.foodorder.events.MalformedEventException;
import dev.foodorder.events.Topics;
import dev.foodorder.messaging.MessagingProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The error handling of every listener: a failing record is retried with exponential back-off,
 * then published to {@code <topic>.DLT} (same partition) with the original key, value and headers
 * plus the exception as {@code kafka_dlt-*} headers, and consumption goes on. A record that breaks
 * the contract cannot get better by waiting, so it goes there at once; a record that failed only
 * because the database was away is retried until it is back.
 */
public final class DeadLetterTopics {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterTopics.class);

    /**
     * The largest record a dead-letter topic takes ({@code max.message.bytes}) and the parking producer
     * sends: twice the 1 MiB a producer writes to a contract topic by default. A copy keeps the record
     * whole and adds the failure's headers, the stack trace among them, so a record as large as its topic
     * took would not fit beside it; and a record that cannot be parked holds its partition for ever.
     */
    public static final int MAX_RECORD_BYTES = 2 * 1024 * 1024;
    private static final String HIBERNATE_TRANSACTION_FAILURE = "org.hibernate.TransactionException";

    private DeadLetterTopics() {
    }

    /**
     * Publishes a record to {@code <topic>.DLT} (same partition) with the original key, value and headers
     * plus the exception as {@code kafka_dlt-*} headers, logs it and counts it: the one way a record is
     * parked, used by the error handler and by {@link EventBatches} for a record that breaks the contract.
     *
     * @param meters   counts the parked records, {@code events.dead.lettered} by dead-letter topic; every
     *                 contract topic's counter exists from the start, at zero, so that an alert on its
     *                 growth sees the first record parked
     * @param onParked told where each record was parked, once the broker has it: the dead-letter figures
     *                 ({@code dev.foodorder.messaging.deadletter}) count it without reading the topic again
     */
    public static ConsumerRecordRecoverer parking(ProducerFactory<Object, Object> producers, MeterRegistry meters,
                                                  Consumer<RecordMetadata> onParked) {
        // The service's producer factory with a larger request size: a producer of its own, made at the first parking.
        var kafka = new KafkaTemplate<>(producers, Map.<String, Object>of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES));
        Function<String, Counter> parked = topic -> Counter.builder("events.dead.lettered").tag("topic", topic)
                .description("Records parked in a dead-letter topic").register(meters);
        Topics.all().stream().map(Topics::deadLetter).forEach(parked::apply);
        var recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(deadLetterOf(record), record.partition())) {

            // Called after every send, and returns only once the broker acknowledged it (or throws): the one
            // place where the offset the record was parked at is known.
            @Override
            protected void verifySendResult(KafkaOperations<Object, Object> template, ProducerRecord<Object, Object> out,
                                            CompletableFuture<SendResult<Object, Object>> sendResult, ConsumerRecord<?, ?> in) {
                super.verifySendResult(template, out, sendResult, in);
                onParked.accept(sendResult.join().getRecordMetadata());
            }
        };
        return (record, exception) -> {
            log.warn("Parking record {}-{}@{} (key {}) in {}: {}", record.topic(), record.partition(), record.offset(),
                    record.key(), deadLetterOf(record), rootMessage(exception));
            recoverer.accept(record, asTheHandlerFailed(exception));
            parked.apply(deadLetterOf(record)).increment();
        };
    }

    /**
     * A record that fails again after a replay is parked beside its first copy, in its contract topic's
     * dead-letter topic, naming the replay topic as where it failed: a topic of dead letters per replay
     * topic would be one more topic per group for nobody to look at.
     */
    private static String deadLetterOf(ConsumerRecord<?, ?> record) {
        return Topics.deadLetter(Topics.source(record.topic()));
    }

    /**
     * The failure as the handler raised it, still naming the consumer group. A batch listener's failure reaches
     * the recoverer wrapped twice, {@code ListenerExecutionFailedException} around {@link BatchListenerFailedException}
     * around what the handler threw, and Spring Kafka names the first wrapper that is not the former as the
     * cause ({@code kafka_dlt-exception-cause-fqcn}): that would be {@code BatchListenerFailedException} for every
     * record every service parks, and an operator would have to read the stack trace to learn anything.
     */
    static Exception asTheHandlerFailed(Exception exception) {
        Throwable cause = exception;
        var batch = false;
        while ((cause instanceof ListenerExecutionFailedException || cause instanceof BatchListenerFailedException)
                && cause.getCause() != null) {
            batch |= cause instanceof BatchListenerFailedException;
            cause = cause.getCause();
        }
        if (!batch) {
            return exception;
        }
        var group = exception instanceof ListenerExecutionFailedException failed ? failed.getGroupId() : null;
        return new ListenerExecutionFailedException(exception.getMessage(), group, cause);
    }

    /** @param parking where a record goes after its retries: {@link #parking} */
    public static DefaultErrorHandler errorHandler(ConsumerRecordRecoverer parking, MessagingProperties.Consumer settings) {
        var backOff = new ExponentialBackOff(settings.initialBackOff().toMillis(), settings.multiplier());
        backOff.setMaxInterval(settings.maxBackOff().toMillis());
        backOff.setMaxAttempts(settings.maxRetries());
        var handler = new DefaultErrorHandler(parking, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, IllegalArgumentException.class);
        handler.setBackOffFunction((record, exception) -> isTransient(exception) ? untilItWorks(settings) : null);
        return handler;
    }

    /**
     * A database that is briefly away is no reason to give up on a good record: it would end in
     * the dead-letter topic and its effect would be lost. Such failures are retried until the
     * database is back, holding the partition (nothing behind it could be processed either).
     */
    static boolean isTransient(Throwable exception) {
        for (var cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
                    || couldNotComplete(cause)
                    || cause instanceof SQLException sql && isTransient(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A transaction that could not be committed or rolled back says nothing about the record: its connection
     * broke under it. When PostgreSQL ends a session mid-transaction, the failure that reaches the error
     * handler is the rollback's (Hibernate's {@code TransactionException} around the pool's "Connection is
     * closed", which carries no SQLState), and the server's own 57P01 is only logged: scenario 13 saw such a
     * record dead-lettered. Hibernate's type is named, not imported: this module does not depend on it.
     */
    private static boolean couldNotComplete(Throwable cause) {
        return cause instanceof TransactionSystemException || HIBERNATE_TRANSACTION_FAILURE.equals(cause.getClass().getName());
    }

    /**
     * The SQLStates that say "try again", whatever exception the driver or Spring wrapped them in: Spring's
     * JDBC translation leaves some of PostgreSQL's uncategorized (a lock timeout is 55P03).
     * Class 08: the connection failed; 40: the transaction was rolled back (serialization failure,
     * deadlock); 55P03: a lock was not granted within {@code lock_timeout}; 57P01-57P03: the server is
     * shutting down or starting.
     */
    static boolean isTransient(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("40") || sqlState.equals("55P03")
                || sqlState.equals("57P01") || sqlState.equals("57P02") || sqlState.equals("57P03"));
    }

    private static String rootMessage(Throwable exception) {
        var root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static BackOff untilItWorks(MessagingProperties.Consumer settings) {
        var backOff = new ExponentialBackOff(settings.initialBackOff().toMillis(), settings.multiplier());
        backOff.setMaxInterval(Math.max(settings.maxBackOff().toMillis(), 10_000));
        return backOff;
    }
}
