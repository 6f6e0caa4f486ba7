package dev.foodorder.notification.notifying;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.Topics;
import dev.foodorder.events.customer.CustomerEventsMother;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.events.order.OrderRejected;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TopicReader;
import dev.foodorder.messaging.kafka.CloudEventRecords;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.events.inventory.InventoryEventsMother.forSomeOrder;
import static dev.foodorder.messaging.kafka.CloudEventRecords.addHeaders;
import static dev.foodorder.notification.notifying.MailServer.body;
import static dev.foodorder.notification.notifying.MailServer.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** From events on the topics to emails in a real SMTP server's mailbox. */
@SpringBootTest(properties = "notifications.delivery.poll-interval=100ms")
@RealInfrastructure
class NotificationFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int BACKLOG = 200;
    private static final Duration BACKLOG_PATIENCE = Duration.ofSeconds(60);
    private static final MailServer mailServer = MailServer.start();

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        mailServer.registerWith(registry);
    }

    @AfterAll
    static void stopMailServer() {
        mailServer.close();
    }

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    Notifications notifications;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void tellsTheCustomerTheOrderWasReceivedWithItsLinesAndTotal() {
        var order = TestEvents.newOrder();

        publish(order.placed());

        var email = awaitEmailTo(order.customerEmail());
        assertThat(subject(email)).isEqualTo("We received your order " + order.key().substring(0, 8));
        assertThat(body(email)).contains(order.key(),
                "2 x Pizza Margherita (margherita) at 9.50 EUR: 19.00 EUR",
                "1 x Tiramisu (tiramisu) at 5.50 EUR: 5.50 EUR",
                "Total: 24.50 EUR");
        var notification = awaitSent(order, NotificationType.ORDER_RECEIVED);
        assertThat(notification.recipient()).isEqualTo(order.customerEmail());
        assertThat(notification.customerId()).isEqualTo(order.customerId());
        assertThat(notification.attempts()).isEqualTo(1);
        assertThat(notification.sentAt()).isNotNull();
        assertThat(notification.lastError()).isNull();
    }

    @Test
    void tellsTheCustomerTheOrderIsConfirmedWithItsTotal() {
        var order = TestEvents.newOrder();

        publish(order.confirmed());

        var email = awaitEmailTo(order.customerEmail());
        assertThat(subject(email)).isEqualTo("Your order " + order.key().substring(0, 8) + " is confirmed");
        assertThat(body(email)).contains(order.key(), "Total: 24.50 EUR");
        assertThat(awaitSent(order, NotificationType.ORDER_CONFIRMED).recipient()).isEqualTo(order.customerEmail());
    }

    @Test
    void tellsTheCustomerWhyTheOrderWasRejectedAndWhichItemsWereMissing() {
        var order = TestEvents.newOrder();

        publish(order.rejected(OrderRejected.Reason.OUT_OF_STOCK, new OrderRejected.UnavailableItem("tiramisu", 4, 3)));

        var email = awaitEmailTo(order.customerEmail());
        assertThat(subject(email)).isEqualTo("We could not accept your order " + order.key().substring(0, 8));
        assertThat(body(email)).contains(order.key(), "some items are out of stock",
                "tiramisu: you asked for 4, we have 3");
        assertThat(awaitSent(order, NotificationType.ORDER_REJECTED).recipient()).isEqualTo(order.customerEmail());
    }

    @Test
    void tellsTheCustomerTheOrderIsCancelledWithTheReason() {
        var order = TestEvents.newOrder();

        publish(order.cancelled());

        var email = awaitEmailTo(order.customerEmail());
        assertThat(subject(email)).isEqualTo("Your order " + order.key().substring(0, 8) + " is cancelled");
        assertThat(body(email)).contains(order.key(), "Reason: changed my mind");
        assertThat(awaitSent(order, NotificationType.ORDER_CANCELLED).recipient()).isEqualTo(order.customerEmail());
    }

    @Test
    void tellsTheOperatorsWhenStockRunsLowAndWhenItIsReplenished() {
        var sku = TestEvents.newSku();

        // Stock-level events belong to no order, so the mother of any order will do.
        var kitchen = forSomeOrder();
        publish(kitchen.stockLow(sku));
        publish(kitchen.replenished(sku));

        await().atMost(PATIENCE).until(() -> mailServer.messagesTo("kitchen@example.org").stream()
                .filter(email -> subject(email).contains(sku)).count() == 2);
        var emails = mailServer.messagesTo("kitchen@example.org").stream()
                .filter(email -> subject(email).contains(sku)).toList();
        assertThat(emails).extracting(MailServer::subject).containsExactlyInAnyOrder(
                "Stock low: " + sku + " (2 left)", "Stock replenished: " + sku + " (22 available)");
        assertThat(emails).extracting(MailServer::body).anySatisfy(body ->
                assertThat(body).contains("Only 2 of " + sku + " are available, below the threshold of 5."));
        var stored = stored(notification -> notification.subject().contains(sku));
        assertThat(stored).extracting(Notification::type)
                .containsExactlyInAnyOrder(NotificationType.STOCK_LOW, NotificationType.STOCK_REPLENISHED);
        assertThat(stored).allSatisfy(notification -> {
            assertThat(notification.customerId()).isNull();
            assertThat(notification.orderId()).isNull();
        });
    }

    @Test
    void tellsTheOperatorsWhichCustomerPlacedHowManyOrdersWithinHowManySeconds() {
        var customer = TestEvents.newCustomer();
        var flagged = EventEnvelope.of("/test", customer.flagged());

        kafka.send(Topics.CUSTOMERS, flagged.key(), flagged);

        var notification = awaitSent(flagged);
        assertThat(notification.type()).isEqualTo(NotificationType.CUSTOMER_FLAGGED);
        assertThat(notification.recipient()).isEqualTo("kitchen@example.org");
        assertThat(notification.customerId()).isNull();
        assertThat(emailsAbout(customer)).singleElement().satisfies(email -> {
            assertThat(subject(email)).isEqualTo("Customer " + customer.customerId() + " placed 6 orders within 10 seconds");
            assertThat(body(email)).contains(customer.customerEmail(), "before the kitchen cooks them");
        });
    }

    @Test
    void sendsNoSecondEmailForARedeliveredOrReplayedFlag() {
        var customer = TestEvents.newCustomer();
        // A replay by analytics-service writes the flag again with the same ce_id, as a redelivery does.
        var flagged = EventEnvelope.of("/test", customer.flagged());
        var flaggedAgainLater = EventEnvelope.of("/test", customer.at(customer.at().plusSeconds(60)).flagged());

        kafka.send(Topics.CUSTOMERS, flagged.key(), flagged);
        kafka.send(Topics.CUSTOMERS, flagged.key(), flagged);
        // Same key, same partition: once the later flag is handled, both copies of the first are.
        kafka.send(Topics.CUSTOMERS, flaggedAgainLater.key(), flaggedAgainLater);

        awaitSent(flaggedAgainLater);
        var ofThisCustomer = Set.of(flagged.id(), flaggedAgainLater.id());
        await().atMost(PATIENCE).until(() -> stored(notification -> ofThisCustomer.contains(notification.eventId())).stream()
                .allMatch(notification -> notification.status() == DeliveryStatus.SENT));
        assertThat(stored(notification -> ofThisCustomer.contains(notification.eventId())))
                .extracting(Notification::eventId).containsExactlyInAnyOrder(flagged.id(), flaggedAgainLater.id());
        assertThat(emailsAbout(customer)).hasSize(2);
    }

    @Test
    void ignoresAFlagWhoseTransactionWasAborted() {
        var customer = TestEvents.newCustomer();
        var aborted = EventEnvelope.of("/test", customer.flagged());
        var committed = EventEnvelope.of("/test", customer.at(customer.at().plusSeconds(60)).flagged());

        // As analytics-service writes: in Kafka transactions, of which one is aborted (a crash, a fenced instance).
        try (var producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(CloudEventRecords.toRecord(aborted));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(CloudEventRecords.toRecord(committed));
            producer.commitTransaction();
        }

        // Same key, same partition: once the committed flag is handled, the aborted one was passed.
        awaitSent(committed);
        assertThat(stored(notification -> notification.eventId().equals(aborted.id()))).isEmpty();
        assertThat(emailsAbout(customer)).hasSize(1);
    }

    @Test
    void staysSilentAboutReservations() {
        var order = TestEvents.newOrder();

        publish(forOrder(order.orderId()).reserved());
        // Same key, same partition: once the confirmation is in, the reservation has been handled.
        publish(order.confirmed());

        awaitSent(order, NotificationType.ORDER_CONFIRMED);
        assertThat(storedFor(order)).extracting(Notification::type).containsExactly(NotificationType.ORDER_CONFIRMED);
        assertThat(mailServer.messagesTo(order.customerEmail())).hasSize(1);
    }

    @Test
    void sendsNoSecondEmailForARedeliveredEvent() {
        var order = TestEvents.newOrder();
        var placed = EventEnvelope.of("/test", order.placed());

        kafka.send(Topics.ORDERS, order.key(), placed);
        kafka.send(Topics.ORDERS, order.key(), placed);
        publish(order.confirmed());

        awaitSent(order, NotificationType.ORDER_CONFIRMED);
        await().atMost(PATIENCE).until(() -> storedFor(order).stream()
                .allMatch(notification -> notification.status() == DeliveryStatus.SENT));
        assertThat(storedFor(order)).extracting(Notification::type)
                .containsExactlyInAnyOrder(NotificationType.ORDER_RECEIVED, NotificationType.ORDER_CONFIRMED);
        assertThat(mailServer.messagesTo(order.customerEmail())).extracting(MailServer::subject)
                .filteredOn(subject -> subject.startsWith("We received")).hasSize(1);
    }

    @Test
    void parksAPoisonRecordInTheDeadLetterTopicAndGoesOn() {
        var order = TestEvents.newOrder();
        var headers = new RecordHeaders();
        // The headers of a proper OrderPlaced: only the body is broken.
        addHeaders(headers, EventEnvelope.of("/test", order.placed()).headers());
        var poison = "{\"orderId\": \"not a uuid\"".getBytes(StandardCharsets.UTF_8);

        kafka.send(new ProducerRecord<>(Topics.ORDERS, null, order.key(), poison, headers));
        publish(order.confirmed());

        try (var deadLetters = new TopicReader(Infrastructure.get().kafkaBootstrapServers(), Topics.deadLetter(Topics.ORDERS))) {
            var parked = deadLetters.await(record -> order.key().equals(record.key()), records -> !records.isEmpty(), PATIENCE);
            assertThat(parked).singleElement().satisfies(record -> {
                assertThat(record.value()).isEqualTo(new String(poison, StandardCharsets.UTF_8));
                assertThat(TopicReader.header(record, "kafka_dlt-exception-stacktrace"))
                        .contains("MalformedEventException: Payload is not a valid food.order.placed.v1");
            });
        }
        assertThat(awaitSent(order, NotificationType.ORDER_CONFIRMED).recipient()).isEqualTo(order.customerEmail());
    }

    /** A backlog is stored a poll at a time, each poll in one transaction, and each of its notifications is sent once. */
    @Test
    void storesABacklogInAFewTransactionsAndDeliversEachNotificationOnce() {
        var container = listeners.getListenerContainer("notification-events");
        container.stop();
        await().atMost(PATIENCE).until(() -> !container.isRunning());
        var orders = IntStream.range(0, BACKLOG).mapToObj(i -> TestEvents.newOrder()).toList();
        var envelopes = orders.stream().map(order -> EventEnvelope.of("/test", order.placed())).toList();
        envelopes.forEach(envelope -> kafka.send(envelope.topic(), envelope.key(), envelope));
        kafka.flush();

        container.start();

        var eventIds = envelopes.stream().map(EventEnvelope::id).collect(Collectors.toSet());
        Predicate<Notification> ofBacklog = notification -> eventIds.contains(notification.eventId());
        await().atMost(BACKLOG_PATIENCE).until(() -> stored(ofBacklog), stored -> stored.size() == BACKLOG
                && stored.stream().allMatch(notification -> notification.status() == DeliveryStatus.SENT));
        assertThat(stored(ofBacklog)).allSatisfy(notification -> assertThat(notification.attempts()).isEqualTo(1));
        assertThat(transactionsThatHandled(envelopes)).as("transactions for %d events", BACKLOG).isLessThan(BACKLOG / 20);
        assertThat(orders).allSatisfy(order ->
                assertThat(mailServer.messagesTo(order.customerEmail())).as(order.customerEmail()).hasSize(1));
    }

    private void publish(IntegrationEvent event) {
        var envelope = EventEnvelope.of("/test", event);
        kafka.send(envelope.topic(), envelope.key(), envelope);
    }

    private MimeMessage awaitEmailTo(String address) {
        return await().atMost(PATIENCE).until(() -> mailServer.messagesTo(address), emails -> !emails.isEmpty()).getFirst();
    }

    private Notification awaitSent(OrderEventsMother order, NotificationType type) {
        return await().atMost(PATIENCE).until(
                () -> storedFor(order).stream()
                        .filter(notification -> notification.type() == type && notification.status() == DeliveryStatus.SENT)
                        .findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private Notification awaitSent(EventEnvelope envelope) {
        return await().atMost(PATIENCE).until(
                () -> stored(notification -> notification.eventId().equals(envelope.id())
                        && notification.status() == DeliveryStatus.SENT).stream().findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private static KafkaProducer<String, byte[]> transactionalProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.get().kafkaBootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "notification-flow-test-" + UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private List<MimeMessage> emailsAbout(CustomerEventsMother customer) {
        return mailServer.messagesTo("kitchen@example.org").stream()
                .filter(email -> subject(email).contains(customer.customerId())).toList();
    }

    private List<Notification> storedFor(OrderEventsMother order) {
        return stored(notification -> order.orderId().value().equals(notification.orderId()));
    }

    /** Each row's xmin is the transaction that inserted it: a batch leaves one for all its events. */
    private long transactionsThatHandled(List<EventEnvelope> envelopes) {
        return jdbc.queryForObject("SELECT count(DISTINCT xmin::text) FROM processed_event WHERE event_id = ANY (?)", Long.class,
                (Object) envelopes.stream().map(EventEnvelope::id).toArray(UUID[]::new));
    }

    private List<Notification> stored(Predicate<Notification> filter) {
        return notifications.findAll().stream().filter(filter).toList();
    }
}
