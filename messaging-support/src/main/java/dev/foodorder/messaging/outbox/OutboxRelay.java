package dev.foodorder.messaging.outbox;

import dev.foodorder.events.CloudEventAttributes;
import dev.foodorder.messaging.MessagingProperties;
import dev.foodorder.messaging.MessagingSpans;
import dev.foodorder.messaging.WakeUpSignal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.foodorder.messaging.kafka.CloudEventRecords.addHeaders;

/**
 * Publishes outbox rows to Kafka in the order they were committed, and deletes them in the same
 * transaction once Kafka has acknowledged them: the table holds only what is not yet published.
 *
 * <p>One relay at a time, across every instance of a service: a batch starts by taking a
 * PostgreSQL advisory lock, and an instance that does not get it leaves the work to the one that
 * did. Rows locked with {@code SKIP LOCKED} alone would let two instances publish two batches at
 * once and so reorder the events of one order. A crash after sending and before the commit leaves
 * the rows in place: they are sent again, and consumers drop the copies by their {@code ce_id}.
 *
 * <p>The relay sleeps until a committed transaction wakes it ({@link #wakeUp()}); polling is the
 * fallback for rows written by other instances or left by a failed batch.
 *
 * <p>A row of a sampled trace is sent in a span of its own, a child of the traceparent the row
 * stored, and its record carries that span's context ({@link MessagingSpans}); other rows' records
 * carry the stored traceparent as it is.
 */
public class OutboxRelay implements SmartLifecycle {

    /** The advisory lock that makes one relay active per database ("outbox" in ASCII). */
    static final long RELAY_LOCK = 0x6f7574626f78L;

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(10);
    /** A wake-up this soon after the last batch means events arrive faster than a hundred a second. */
    private static final Duration IN_COMPANY = Duration.ofMillis(10);

    /**
     * Takes the relay's lock, and tells the planner to read the outbox by its key for the rest of the transaction.
     * The outbox is a queue: analyzed, it is nearly empty; between two vacuums, hundreds of pages hold the rows
     * published and deleted since. On such statistics the planner flips between the key index (a dozen pages) and a
     * sequential scan and sort, which reads every one of those pages: 235-646 pages and up to 2.5 ms a batch at 500
     * events a second (docs/performance.md, section 20). In the lock's statement, so that it costs no round trip.
     */
    static final String LOCK = "SELECT pg_try_advisory_xact_lock(?) FROM set_config('enable_seqscan', 'off', true)";
    static final String SELECT_BATCH = """
            SELECT id, event_id, topic, message_key, event_type, source, subject, occurred_at, payload, traceparent
            FROM outbox ORDER BY id LIMIT ?
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KafkaOperations<Object, Object> kafka;
    private final MessagingProperties.Outbox settings;
    private final MessagingSpans spans;
    private final Counter published;
    private final Counter failures;
    private final WakeUpSignal signal = new WakeUpSignal();
    private volatile boolean running;
    private volatile Thread worker;
    /** When the last batch with rows was published; the relay's thread only. */
    private long lastPublished = System.nanoTime() - Long.MAX_VALUE / 2;

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaOperations<Object, Object> kafka,
                       MessagingProperties.Outbox settings, MeterRegistry meters, MessagingSpans spans) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.settings = settings;
        this.spans = spans;
        this.published = Counter.builder("outbox.published").description("Outbox rows published to Kafka")
                .register(meters);
        this.failures = Counter.builder("outbox.relay.failures")
                .description("Batches the broker did not take; their rows are sent again")
                .register(meters);
    }

    /** Asks the relay to look for rows now rather than at its next poll. Cheap; call it freely. */
    public void wakeUp() {
        signal.wakeUp();
    }

    /**
     * Publishes one batch of the oldest rows, if this instance holds the relay lock.
     *
     * @return how many rows were published
     * @throws OutboxRelayException when the broker did not take the batch; the rows it did take are deleted
     */
    public int publishBatch() {
        var result = transactions.execute(status -> {
            // The lock in a statement of its own, before the select: under READ COMMITTED a statement reads the
            // snapshot taken when it starts, so a select that took the lock itself could get it just after
            // another relay committed, yet still see the rows that relay had published and deleted, and publish
            // them again. A round trip fewer per batch is not worth a duplicate.
            if (!Boolean.TRUE.equals(jdbc.queryForObject(LOCK, Boolean.class, RELAY_LOCK))) {
                return new BatchResult(0, null);
            }
            var rows = jdbc.query(SELECT_BATCH, OutboxRelay::row, settings.batchSize());
            return rows.isEmpty() ? new BatchResult(0, null) : send(rows);
        });
        published.increment(result.published());
        if (result.failure() != null) {
            throw result.failure();
        }
        return result.published();
    }

    /** A hook between sending a batch and deleting its rows, for tests that simulate a crash there. */
    protected void beforeDeleting(List<Long> ids) {
    }

    private BatchResult send(List<Row> rows) {
        var sends = new ArrayList<CompletableFuture<SendResult<Object, Object>>>(rows.size());
        // Null for a row whose trace is not sampled.
        var sendSpans = new ArrayList<Span>(rows.size());
        OutboxRelayException failure = null;
        for (var row : rows) {
            var span = row.startSpan(spans);
            try {
                sends.add(kafka.send(row.toRecord(span)));
                sendSpans.add(span);
            } catch (RuntimeException e) {
                end(span, e);
                // Later rows may share a key with this one: sending them now would reorder that key's events.
                failure = new OutboxRelayException("Kafka refused outbox row " + row.id(), e);
                break;
            }
        }
        kafka.flush();
        var sent = new ArrayList<Long>(sends.size());
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                sent.add(rows.get(i).id());
                end(sendSpans.get(i), null);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                end(sendSpans.get(i), e);
                failure = failure != null ? failure : new OutboxRelayException("Kafka did not take outbox row " + rows.get(i).id(), e);
            }
        }
        beforeDeleting(sent);
        deletePublished(sent);
        return new BatchResult(sent.size(), failure);
    }

    private static void end(Span span, Exception failure) {
        if (span != null) {
            if (failure != null) {
                span.error(failure);
            }
            span.end();
        }
    }

    private void deletePublished(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.execute((java.sql.Connection connection) -> {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            try (var statement = connection.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
                statement.setArray(1, array);
                return statement.executeUpdate();
            } finally {
                array.free();
            }
        });
    }

    private void run() {
        int failuresInARow = 0;
        while (running) {
            try {
                int count = publishBatch();
                failuresInARow = 0;
                if (count > 0) {
                    lastPublished = System.nanoTime();
                }
                if (count < settings.batchSize() && signal.await(settings.pollInterval())
                        && System.nanoTime() - lastPublished < IN_COMPANY.toNanos()) {
                    // Woken by a commit soon after the last batch: commits are coming in company, and
                    // the next ones are likely a moment behind this one. Gathering them makes one relay
                    // transaction, one durable commit and one produce request of many, and batches
                    // all the way down the flow. An event at a trickle leaves at once.
                    pause(settings.coalesce());
                }
            } catch (RuntimeException e) {
                failuresInARow++;
                this.failures.increment();
                var backOff = backOff(failuresInARow);
                log.warn("Outbox relay failed ({} in a row), retrying in {} ms: {}", failuresInARow, backOff.toMillis(), e.getMessage());
                if (!pause(backOff)) {
                    return;
                }
            }
        }
    }

    private Duration backOff(int failures) {
        var millis = settings.pollInterval().toMillis() << Math.min(failures, 10);
        return Duration.ofMillis(Math.min(millis, MAX_BACK_OFF.toMillis()));
    }

    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void start() {
        if (!settings.enabled() || running) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        var thread = worker;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the Kafka producer and the data source do, starts after them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    private static Row row(java.sql.ResultSet rs, int rowNum) throws java.sql.SQLException {
        var attributes = new CloudEventAttributes(rs.getObject("event_id", UUID.class), rs.getString("source"),
                rs.getString("event_type"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("subject"),
                rs.getString("traceparent"));
        return new Row(rs.getLong("id"), rs.getString("topic"), rs.getString("message_key"), attributes, rs.getString("payload"));
    }

    private record Row(long id, String topic, String key, CloudEventAttributes attributes, String payload) {

        Span startSpan(MessagingSpans spans) {
            return spans.start(Span.Kind.PRODUCER, attributes.traceparent(), topic, key, attributes.id(), attributes.type());
        }

        /** @param span the span sending it, whose context the record carries on; null to carry the stored one */
        ProducerRecord<Object, Object> toRecord(Span span) {
            var sent = span == null ? attributes : new CloudEventAttributes(attributes.id(), attributes.source(),
                    attributes.type(), attributes.time(), attributes.subject(), MessagingSpans.traceparent(span.context()));
            var headers = new RecordHeaders();
            addHeaders(headers, sent.headers());
            return new ProducerRecord<>(topic, null, key, payload.getBytes(StandardCharsets.UTF_8), headers);
        }
    }

    private record BatchResult(int published, OutboxRelayException failure) {
    }
}
