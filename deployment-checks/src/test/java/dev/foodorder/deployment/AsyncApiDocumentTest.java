package dev.foodorder.deployment;

import com.networknt.schema.InputFormat;
import dev.foodorder.events.CloudEventAttributes;
import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventType;
import dev.foodorder.events.Topics;
import dev.foodorder.events.customer.CustomerEvent;
import dev.foodorder.events.inventory.StockLevelEvent;
import dev.foodorder.service.catalog.EventCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * common-events' asyncapi.yaml: valid AsyncAPI 3.0.0, and in agreement with the contract (common-events) and with
 * what each service's code sends and reads.
 */
class AsyncApiDocumentTest {

    /** The services that take part in the events: the identity service does not. */
    static final List<String> SERVICES = ServiceModule.withKafka();
    static final List<String> TOPICS = Topics.all();

    private final AsyncApiDocument document = AsyncApiDocument.load();

    @Test
    void isValidAgainstTheAsyncApi300Schema() {
        assertThat(document.root().path("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(AsyncApiDocument.problems(document.root())).isEmpty();
    }

    @Test
    void misspeltFieldFailsTheSchemaCheck() {
        var broken = document.root().deepCopy();
        ((ObjectNode) broken.at("/channels/orders")).put("adress", Topics.ORDERS);

        assertThat(AsyncApiDocument.problems(broken)).anySatisfy(problem -> assertThat(problem).contains("adress"));
    }

    @Test
    void everyReferenceResolvesWithinTheDocumentOrToAFileOfTheRepository() {
        var problems = new ArrayList<String>();
        references(document.root()).forEach(reference -> {
            var parts = reference.split("#", 2);
            var target = document.root();
            if (!parts[0].isEmpty()) {
                var file = document.file().resolveSibling(parts[0]).normalize();
                if (!file.startsWith(Repository.ROOT) || !Files.isRegularFile(file)) {
                    problems.add(reference + ": no such file in the repository");
                    return;
                }
                target = Yaml.JSON.readTree(file.toFile());
            }
            if (parts.length > 1 && target.at(parts[1]).isMissingNode()) {
                problems.add(reference + ": points at nothing");
            }
        });

        assertThat(problems).isEmpty();
    }

    @Test
    void operationsListOnlyMessagesOfTheirOwnChannel() {
        document.root().path("operations").propertyStream().forEach(operation -> {
            var channel = operation.getValue().at("/channel/$ref").asString();
            assertThat(operation.getValue().path("messages").valueStream().map(message -> message.path("$ref").asString()))
                    .as("messages of operation %s", operation.getKey())
                    .isNotEmpty()
                    .allSatisfy(message -> assertThat(message).startsWith(channel + "/messages/"));
        });
    }

    @Test
    void versionIsTheProjects() {
        assertThat(document.root().at("/info/version").asString()).isEqualTo(Repository.version());
    }

    @Test
    void composeServerIsTheBrokerAddressTheServicesUseInDockerCompose() {
        var compose = ComposeFile.load();
        var server = document.root().at("/servers/docker-compose");

        assertThat(server.path("protocol").asString()).isEqualTo("kafka");
        assertThat(SERVICES).allSatisfy(service -> assertThat(compose.environment(service).get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                .as("the broker %s reaches in docker compose", service)
                .isEqualTo(server.path("host").asString()));
    }

    @Test
    void localServerIsOnThePortTheServicesConnectToByDefault() {
        var server = document.root().at("/servers/local");

        assertThat(server.path("protocol").asString()).isEqualTo("kafka");
        assertThat(SERVICES).allSatisfy(service -> assertThat(port(ServiceModule.named(service).setting("spring.kafka.bootstrap-servers")))
                .as("the port of %s's default spring.kafka.bootstrap-servers", service)
                .isEqualTo(port(server.path("host").asString())));
    }

    @Test
    void channelsAreTheTopicsOfTheContractWithTheirDefaultPartitionCount() {
        var channels = document.channels();

        assertThat(channels).extracting(channel -> channel.path("address").asString())
                .containsExactlyInAnyOrderElementsOf(ManifestAgreement.CONTRACT_TOPICS);
        assertThat(channels).allSatisfy(channel -> assertThat(channel.at("/bindings/kafka/partitions").asInt())
                .as("partitions of %s", channel.path("address").asString())
                .isEqualTo(Topics.DEFAULT_PARTITIONS));
    }

    @ParameterizedTest
    @FieldSource("TOPICS")
    void channelOfATopicCarriesExactlyTheEventTypesOfTheTopic(String topic) {
        var names = document.messages(document.channel(topic)).stream().map(message -> message.path("name").asString());

        assertThat(names).containsExactlyInAnyOrderElementsOf(Arrays.stream(EventType.values())
                .filter(type -> type.topic().equals(topic))
                .map(EventType::type)
                .toList());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void messageOfAnEventTypeHasItsSchemaHeadersAndKey(EventType type) {
        var message = document.message(type.topic(), type.type());

        assertThat(message.path("contentType").asString()).isEqualTo(CloudEventHeaders.JSON);
        var payload = message.at("/payload/$ref").asString();
        assertThat(payload).isEqualTo(type.schemaResource().substring(1));
        assertThat(Yaml.JSON.readTree(document.file().resolveSibling(payload).toFile()).path("title").asString())
                .isEqualTo(type.type());
        var headers = message.at("/headers/allOf");
        assertThat(headers.at("/0/$ref").asString()).isEqualTo("#/components/schemas/CloudEventHeaders");
        assertThat(headers.at("/1/properties/ce_type/const").asString()).isEqualTo(type.type());
        var key = document.resolve(message.path("bindings")).at("/kafka/key");
        assertThat(key.path("type").asString()).isEqualTo("string");
        if (StockLevelEvent.class.isAssignableFrom(type.javaType())) {
            assertThat(key.has("format")).as("a sku is no UUID").isFalse();
            assertThat(key.path("description").asString()).contains("sku");
        } else if (CustomerEvent.class.isAssignableFrom(type.javaType())) {
            assertThat(key.has("format")).as("a customer id is no UUID").isFalse();
            assertThat(key.path("description").asString()).contains("customer id");
        } else {
            assertThat(key.path("format").asString()).as("the order id").isEqualTo("uuid");
            assertThat(key.path("description").asString()).contains("order id");
        }
    }

    @Test
    void cloudEventHeadersAreThoseTheContractWritesWithTheAlwaysWrittenOnesRequired() {
        var schema = document.root().at("/components/schemas/CloudEventHeaders");
        var every = new CloudEventAttributes(UUID.randomUUID(), "/order-service", EventType.ORDER_PLACED.type(), Instant.now(),
                UUID.randomUUID().toString(), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").headers();
        var always = new CloudEventAttributes(UUID.randomUUID(), "/order-service", EventType.ORDER_PLACED.type(), Instant.now(),
                null, null).headers();

        assertThat(schema.path("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(every.keySet());
        assertThat(schema.path("required").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrderElementsOf(always.keySet());
        var validator = AsyncApiDocument.SCHEMAS.getSchema(schema);
        assertThat(validator.validate(Yaml.JSON.writeValueAsString(every), InputFormat.JSON)).isEmpty();
        assertThat(validator.validate(Yaml.JSON.writeValueAsString(always), InputFormat.JSON)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("TOPICS")
    void deadLetterChannelOfATopicCarriesItsParkedRecords(String topic) {
        var messages = document.messages(document.channel(Topics.deadLetter(topic)));

        assertThat(messages).singleElement().satisfies(message -> {
            assertThat(message.path("name").asString()).isEqualTo("dead-letter");
            var headers = document.resolve(message.path("headers"));
            assertThat(headers.at("/properties/kafka_dlt-original-topic/enum").valueStream().map(JsonNode::asString)).contains(topic);
            assertThat(headers.path("required").valueStream().map(JsonNode::asString))
                    .contains("kafka_dlt-original-topic", "kafka_dlt-original-partition", "kafka_dlt-original-offset",
                            "kafka_dlt-exception-fqcn");
        });
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void serviceSendsTheEventsItsCodeCreates(String service) {
        var code = ServiceCode.of(service);
        var sends = operations(service, operation -> operation.sends() && TOPICS.contains(operation.topic()));

        assertThat(topics(sends)).isEqualTo(code.creates().stream().map(EventType::topic).collect(Collectors.toSet()));
        assertThat(messages(sends)).isEqualTo(types(code.creates()));
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void serviceReceivesFromTheTopicsItConsumesTheEventsItActsOnInItsConsumerGroup(String service) {
        var code = ServiceCode.of(service);
        var receives = operations(service, AsyncApiDocument.Operation::receives);

        assertThat(topics(receives)).as("the topics of %s's @KafkaListeners and Kafka Streams sources", service).isEqualTo(code.reads());
        assertThat(messages(receives)).as("the events %s acts on", service).isEqualTo(types(code.selects()));
        assertThat(receives).extracting(AsyncApiDocument.Operation::groupId)
                .containsOnly(ServiceModule.named(service).consumerGroup());
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void serviceParksTheRecordsItCannotProcessOnTheDeadLetterTopicOfEachTopicItsListenersRead(String service) {
        var code = ServiceCode.of(service);
        var parks = operations(service, operation -> operation.sends() && !TOPICS.contains(operation.topic()));

        assertThat(topics(parks)).isEqualTo(code.listensTo().stream().map(Topics::deadLetter).collect(Collectors.toSet()));
        assertThat(messages(parks)).isSubsetOf("dead-letter");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void catalogThatAServiceServesIsValidAndHoldsItsOperationsWithTheSchemaOfEveryEvent(String service) {
        var served = new AsyncApiDocument(document.file(), new EventCatalog(Yaml.JSON).forService(service));

        assertThat(AsyncApiDocument.problems(served.root())).isEmpty();
        assertThat(served.operations()).extracting(AsyncApiDocument.Operation::id)
                .containsExactlyInAnyOrderElementsOf(operations(service, operation -> true).stream()
                        .map(AsyncApiDocument.Operation::id).toList());
        var events = served.operations().stream()
                .flatMap(operation -> served.resolve(served.root().at("/operations/" + operation.id() + "/channel"))
                        .path("messages").valueStream().map(served::resolve))
                .filter(message -> EventType.fromType(message.path("name").asString()).isPresent())
                .toList();
        assertThat(events).isNotEmpty().allSatisfy(message -> assertThat(
                served.resolve(message.at("/payload/schema")).path("title").asString())
                .isEqualTo(message.path("name").asString()));
    }

    @Test
    void everyOperationIsOneServicesAndEveryTopicHasOneWriter() {
        var operations = document.operations();

        assertThat(operations).extracting(AsyncApiDocument.Operation::service).isSubsetOf(SERVICES);
        TOPICS.forEach(topic -> assertThat(operations.stream()
                .filter(operation -> operation.sends() && operation.topic().equals(topic))
                .map(AsyncApiDocument.Operation::service).distinct())
                .as("writers of %s", topic)
                .hasSize(1));
    }

    private List<AsyncApiDocument.Operation> operations(String service, Predicate<AsyncApiDocument.Operation> filter) {
        return document.operations().stream().filter(operation -> operation.service().equals(service)).filter(filter).toList();
    }

    private static Set<String> topics(List<AsyncApiDocument.Operation> operations) {
        return operations.stream().map(AsyncApiDocument.Operation::topic).collect(Collectors.toSet());
    }

    private static Set<String> messages(List<AsyncApiDocument.Operation> operations) {
        return operations.stream().flatMap(operation -> operation.messages().stream()).collect(Collectors.toSet());
    }

    private static Set<String> types(Collection<EventType> types) {
        return types.stream().map(EventType::type).collect(Collectors.toSet());
    }

    private static int port(String hostAndPort) {
        return URI.create("kafka://" + hostAndPort).getPort();
    }

    /** Every {@code $ref} in the document, wherever it is. */
    private static List<String> references(JsonNode node) {
        var references = new ArrayList<String>();
        if (node.isObject()) {
            node.propertyStream().forEach(property -> {
                if (property.getKey().equals("$ref") && property.getValue().isString()) {
                    references.add(property.getValue().asString());
                } else {
                    references.addAll(references(property.getValue()));
                }
            });
        } else if (node.isArray()) {
            node.valueStream().forEach(element -> references.addAll(references(element)));
        }
        return references;
    }
}
