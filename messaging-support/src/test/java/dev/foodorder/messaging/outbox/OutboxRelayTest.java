package dev.foodorder.messaging.outbox;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.Topics;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TopicReader;
import dev.foodorder.messaging.MessagingProperties;
import dev.foodorder.messaging.MessagingSpans;
import dev.foodorder.messaging.RecordedSpans;
import dev.foodorder.messaging.consumer.IdempotentConsumer;
import dev.foodorder.messaging.kafka.CloudEventRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static dev.foodorder.infrastructure.test.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The outbox's guarantees, on a real broker and a real database. */
@SpringBootTest
@RealInfrastructure
class OutboxRelayTest {

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    OutboxMetrics metrics;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    MessagingProperties properties;

    @Autowired
    IdempotentConsumer idempotentConsumer;

    @Autowired
    Tracer tracer;

    TransactionTemplate transactions;
    TopicReader orders;

    @BeforeEach
    void setUp() {
        transactions = new TransactionTemplate(transactionManager);
        orders = new TopicReader(Infrastructure.get().kafkaBootstrapServers(), Topics.ORDERS);
    }

    @AfterEach
    void tearDown() {
        orders.close();
    }

    @Test
    void eventLeavesAsSoonAsItsTransactionCommitsWithoutWaitingForAPoll() {
        var order = OrderId.random();
        var envelope = transactions.execute(status -> outbox.append(confirmed(order)));

        // The relay polls every 30 s here: an arrival well within that was woken by the commit.
        var records = orders.await(byKey(order), found -> !found.isEmpty(), Duration.ofSeconds(5));

        var record = records.getFirst();
        assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(envelope.id().toString());
        assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("food.order.confirmed.v1");
        assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/messaging-test");
        assertThat(record.value()).contains(order.toString());
    }

    @Test
    void recordCarriesTheTraceOfTheRequestThatWroteIt() {
        var order = OrderId.random();
        var span = tracer.nextSpan().name("POST /api/orders").start();
        var scope = tracer.withSpan(span);
        try {
            transactions.executeWithoutResult(status -> outbox.append(confirmed(order)));
        } finally {
            scope.close();
            span.end();
        }

        var record = orders.await(byKey(order), found -> !found.isEmpty(), Duration.ofSeconds(5)).getFirst();

        // The request's span is the parent, or, where the trace is sampled, the relay's span of sending it (below).
        assertThat(header(record, CloudEventHeaders.TRACEPARENT)).startsWith("00-" + span.context().traceId() + "-");
    }

    @Test
    void aSampledTraceContinuesInTheRelaysSpanOfSendingWhoseContextTheRecordCarries() {
        var recorded = new RecordedSpans();
        var tracingRelay = new OutboxRelay(jdbc, transactions, kafka, properties.outbox(), new SimpleMeterRegistry(), recorded.spans());
        var sampled = OrderId.random();
        var notSampled = OrderId.random();
        relay.stop();
        try {
            transactions.executeWithoutResult(status -> outbox.appendEntries(List.of(
                    new Outbox.Entry(confirmed(sampled), RecordedSpans.SAMPLED),
                    new Outbox.Entry(confirmed(notSampled), RecordedSpans.NOT_SAMPLED))));

            tracingRelay.publishBatch();
        } finally {
            relay.start();
        }

        var records = orders.await(byKey(sampled).or(byKey(notSampled)), found -> found.size() >= 2, Duration.ofSeconds(5));
        assertThat(recorded.finished()).singleElement().satisfies(send -> {
            assertThat(send.getTraceId()).isEqualTo(RecordedSpans.TRACE_ID);
            assertThat(send.getParentSpanId()).isEqualTo(RecordedSpans.PARENT_ID);
            assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(send.getName()).isEqualTo("send OrderConfirmed");
            assertThat(records.stream().filter(byKey(sampled)).map(record -> header(record, CloudEventHeaders.TRACEPARENT)))
                    .containsExactly("00-" + RecordedSpans.TRACE_ID + "-" + send.getSpanId() + "-01");
        });
        assertThat(records.stream().filter(byKey(notSampled)).map(record -> header(record, CloudEventHeaders.TRACEPARENT)))
                .containsExactly(RecordedSpans.NOT_SAMPLED);
    }

    @Test
    void theRelayWritesAnEventAsTheSerializerDoesByteForByte() {
        var order = OrderId.random();
        var sent = new ArrayList<ProducerRecord<Object, Object>>();
        var recording = new KafkaTemplate<>(kafka.getProducerFactory()) {
            @Override
            public CompletableFuture<SendResult<Object, Object>> send(ProducerRecord<Object, Object> record) {
                sent.add(record);
                return super.send(record);
            }
        };
        var recordingRelay = new OutboxRelay(jdbc, transactions, recording, properties.outbox(), new SimpleMeterRegistry(), MessagingSpans.NONE);
        relay.stop();
        try {
            var envelope = transactions.execute(status -> outbox.append(confirmed(order)));

            recordingRelay.publishBatch();

            var relayed = sent.stream().filter(record -> order.toString().equals(record.key())).findFirst().orElseThrow();
            var serialized = CloudEventRecords.toRecord(envelope);
            assertThat(relayed.headers().toArray()).isNotEmpty().containsExactly(serialized.headers().toArray());
            assertThat((byte[]) relayed.value()).isEqualTo(serialized.value());
            assertThat(relayed.topic()).isEqualTo(serialized.topic());
            assertThat(relayed.key()).isEqualTo(serialized.key());
        } finally {
            relay.start();
        }
    }

    @Test
    void rolledBackTransactionPublishesNothing() {
        var order = OrderId.random();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            outbox.append(confirmed(order));
            throw new IllegalStateException("the state change failed");
        })).isInstanceOf(IllegalStateException.class);
        // Committed after the rolled-back event, the marker would arrive after it on the key's partition.
        var marker = transactions.execute(status -> outbox.append(confirmed(order)));

        var records = orders.await(byKey(order), found -> contains(found, marker), Duration.ofSeconds(5));

        assertThat(records).extracting(OutboxRelayTest::id).containsExactly(marker.id().toString());
    }

    @Test
    void appendingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.append(confirmed(OrderId.random())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eventsOfOneOrderReachTheTopicInTheOrderTheyWereCommitted() {
        var keys = IntStream.range(0, 5).mapToObj(i -> OrderId.random()).toList();
        var committed = new HashMap<OrderId, List<String>>();
        for (int i = 0; i < 40; i++) {
            var order = keys.get(i % keys.size());
            var id = transactions.execute(status -> outbox.append(confirmed(order))).id().toString();
            committed.computeIfAbsent(order, key -> new ArrayList<>()).add(id);
        }

        var records = orders.await(r -> keys.stream().anyMatch(k -> k.toString().equals(r.key())),
                found -> found.size() >= 40, Duration.ofSeconds(20));

        for (var order : keys) {
            var received = records.stream().filter(byKey(order)).map(OutboxRelayTest::id).toList();
            assertThat(received).isEqualTo(committed.get(order));
        }
    }

    @Test
    void twoRelaysSideBySideNeverPublishTheSameRow() throws Exception {
        var second = new OutboxRelay(jdbc, transactions, kafka, properties.outbox(), new SimpleMeterRegistry(), MessagingSpans.NONE);
        var order = OrderId.random();
        var committed = new ArrayList<String>();
        var appending = new AtomicBoolean(true);
        try (var executor = Executors.newFixedThreadPool(3)) {
            var writer = executor.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    committed.add(transactions.execute(status -> outbox.append(confirmed(order))).id().toString());
                }
                appending.set(false);
            });
            // Both relays race for the same rows: this instance's (woken by each commit) and a second one.
            var racer = executor.submit(() -> {
                while (appending.get() || metrics.backlog() > 0) {
                    second.publishBatch();
                }
            });
            writer.get();
            racer.get();
        }

        // Appended once both relays are done, the marker arrives after any copy either of them sent.
        var marker = transactions.execute(status -> outbox.append(confirmed(order)));
        var records = orders.await(byKey(order), found -> contains(found, marker), Duration.ofSeconds(30));

        var ids = records.stream().map(OutboxRelayTest::id).takeWhile(id -> !id.equals(marker.id().toString())).toList();
        assertThat(ids).doesNotHaveDuplicates().isEqualTo(committed);
    }

    @Test
    void crashBetweenSendAndDeleteLeadsToADuplicateThatConsumersDropNeverToALoss() {
        var crashOnce = new AtomicBoolean(true);
        var crashing = new OutboxRelay(jdbc, transactions, kafka, properties.outbox(), new SimpleMeterRegistry(), MessagingSpans.NONE) {
            @Override
            protected void beforeDeleting(List<Long> ids) {
                if (crashOnce.getAndSet(false)) {
                    throw new IllegalStateException("crash after send, before delete");
                }
            }
        };
        var order = OrderId.random();
        relay.stop();
        try {
            var envelope = transactions.execute(status -> outbox.append(confirmed(order)));

            assertThatThrownBy(crashing::publishBatch).hasMessageContaining("crash");
            assertThat(rows(order)).isEqualTo(1);
            crashing.publishBatch();
            assertThat(rows(order)).isZero();

            var copies = orders.await(byKey(order), found -> found.size() == 2, Duration.ofSeconds(10));
            assertThat(copies).extracting(r -> header(r, CloudEventHeaders.ID)).containsOnly(envelope.id().toString());
            var handled = copies.stream()
                    .filter(copy -> !transactions.execute(status -> idempotentConsumer.rememberAll("outbox-test",
                            List.of(envelopeOf(copy, envelope).id()))).isEmpty())
                    .count();
            assertThat(handled).isEqualTo(1);
        } finally {
            relay.start();
        }
    }

    @Test
    void theRelayReadsTheOutboxByItsKeyWhateverTheStatisticsSay() {
        jdbc.execute("ANALYZE outbox");

        var plan = transactions.execute(status -> {
            jdbc.queryForObject(OutboxRelay.LOCK, Boolean.class, OutboxRelay.RELAY_LOCK + 1);
            return String.join("\n", jdbc.queryForList("EXPLAIN " + OutboxRelay.SELECT_BATCH.replace("?", "500"), String.class));
        });

        assertThat(plan).contains("Index Scan using outbox_pkey").doesNotContain("Seq Scan");
    }

    @Test
    void publishedRowsLeaveTheOutboxInTheTransactionThatPublishedThem() {
        relay.stop();
        try {
            var first = OrderId.random();
            var second = OrderId.random();
            transactions.executeWithoutResult(status -> outbox.appendAll(List.of(confirmed(first), confirmed(second))));

            int published = relay.publishBatch();

            assertThat(published).isGreaterThanOrEqualTo(2);
            assertThat(rows(first)).isZero();
            assertThat(rows(second)).isZero();
            assertThat(orders.await(byKey(first).or(byKey(second)), found -> found.size() >= 2, Duration.ofSeconds(5)))
                    .extracting(ConsumerRecord::key).containsExactlyInAnyOrder(first.toString(), second.toString());
        } finally {
            relay.start();
        }
    }

    @Test
    void aRowKafkaRefusesStaysInTheOutboxWithEveryRowAfterItAndLeavesInOrderLater() {
        var refused = OrderId.random();
        var other = OrderId.random();
        var refusing = new KafkaTemplate<>(kafka.getProducerFactory()) {
            @Override
            public CompletableFuture<SendResult<Object, Object>> send(ProducerRecord<Object, Object> record) {
                if (refused.toString().equals(record.key())) {
                    throw new KafkaException("the producer's buffer is full");
                }
                return super.send(record);
            }
        };
        var refusingRelay = new OutboxRelay(jdbc, transactions, refusing, properties.outbox(), new SimpleMeterRegistry(), MessagingSpans.NONE);
        relay.stop();
        try {
            var events = transactions.execute(status ->
                    outbox.appendAll(List.of(confirmed(other), confirmed(refused), confirmed(other))));

            assertThatThrownBy(refusingRelay::publishBatch).isInstanceOf(OutboxRelayException.class);
            assertThat(rows(other)).isEqualTo(1);
            assertThat(rows(refused)).isEqualTo(1);

            relay.publishBatch();
            assertThat(rows(other) + rows(refused)).isZero();
            var records = orders.await(byKey(other).or(byKey(refused)), found -> found.size() >= 3, Duration.ofSeconds(5));
            assertThat(records).extracting(OutboxRelayTest::id)
                    .containsExactlyInAnyOrderElementsOf(events.stream().map(event -> event.id().toString()).toList());
            assertThat(records.stream().filter(byKey(other)).map(OutboxRelayTest::id))
                    .containsExactly(events.getFirst().id().toString(), events.getLast().id().toString());
        } finally {
            relay.start();
        }
    }

    @Test
    void backlogAndAgeOfTheOldestRowAreMeasured() {
        relay.stop();
        try {
            var order = OrderId.random();
            transactions.executeWithoutResult(status -> outbox.append(confirmed(order)));
            jdbc.update("UPDATE outbox SET created_at = now() - interval '90 seconds' WHERE message_key = ?", order.toString());

            assertThat(metrics.backlog()).isPositive();
            assertThat(metrics.oldestAgeSeconds()).isGreaterThanOrEqualTo(90);
        } finally {
            relay.start();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.backlog() == 0);
    }

    private int rows(OrderId order) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox WHERE message_key = ?", Integer.class, order.toString());
    }

    private static String id(ConsumerRecord<String, String> record) {
        return header(record, CloudEventHeaders.ID);
    }

    private static boolean contains(List<ConsumerRecord<String, String>> records, EventEnvelope envelope) {
        return records.stream().anyMatch(record -> envelope.id().toString().equals(id(record)));
    }

    private static EventEnvelope envelopeOf(ConsumerRecord<String, String> record, EventEnvelope original) {
        return new EventEnvelope(UUID.fromString(header(record, CloudEventHeaders.ID)), original.source(),
                original.time(), original.data());
    }

    private static java.util.function.Predicate<ConsumerRecord<String, String>> byKey(OrderId order) {
        return record -> order.toString().equals(record.key());
    }

    /** At the database's precision, so that the time the relay reads back is the event's own. */
    static IntegrationEvent confirmed(OrderId order) {
        return OrderEventsMother.anOrder().withOrderId(order).at(Instant.now().truncatedTo(ChronoUnit.MICROS)).confirmed();
    }
}
