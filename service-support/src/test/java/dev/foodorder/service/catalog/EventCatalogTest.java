package dev.foodorder.service.catalog;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EventCatalogTest {

    private final EventCatalog catalog = new EventCatalog(JsonMapper.builder().build());

    @Test
    void aServiceListsOnlyItsOwnOperationsAndTheChannelsTheyUse() {
        var document = catalog.forService("order-service");

        assertThat(names(document.path("operations"))).isNotEmpty().allMatch(name -> name.startsWith("orderService"));
        assertThat(names(document.path("channels"))).containsExactlyInAnyOrder("orders", "inventory", "inventory.DLT");
        assertThat(document.at("/info/title").asString()).startsWith("order-service: ");
    }

    @Test
    void aServiceTheDocumentDoesNotNameGetsTheWholeSystem() {
        var whole = catalog.forService("someone-else");

        assertThat(names(whole.path("operations"))).anyMatch(name -> name.startsWith("orderService"))
                .anyMatch(name -> name.startsWith("inventoryService")).anyMatch(name -> name.startsWith("notificationService"));
        assertThat(whole.at("/info/title").asString()).doesNotContain("someone-else");
    }

    @Test
    void everyMessageRefersToItsPayloadAndHeadersWhichAreInTheDocument() {
        var document = catalog.forService("inventory-service");

        assertThat(document.at("/components/messages").valueStream()).isNotEmpty().allSatisfy(message -> {
            assertThat(message.at("/payload/schemaFormat").asString()).isEqualTo(EventCatalog.ASYNCAPI_SCHEMA_FORMAT);
            assertThat(target(document, message.at("/payload/schema/$ref").asString()).isMissingNode()).isFalse();
            assertThat(target(document, message.at("/headers/$ref").asString()).isMissingNode()).isFalse();
            assertThat(message.at("/bindings/$ref").isMissingNode()).as("bindings copied in").isTrue();
        });
        assertThat(document.at("/components/schemas/OrderPlaced/title").asString()).isEqualTo("food.order.placed.v1");
    }

    @Test
    void noReferenceToAFileIsLeft() {
        var document = catalog.forService("notification-service");

        assertThat(references(document)).isNotEmpty().allMatch(reference -> reference.startsWith("#/"));
    }

    private static JsonNode target(JsonNode document, String reference) {
        assertThat(reference).startsWith("#/");
        return document.at(reference.substring(1));
    }

    private static Stream<String> names(JsonNode object) {
        return object.propertyStream().map(Map.Entry::getKey);
    }

    private static Stream<String> references(JsonNode node) {
        var own = node.has("$ref") ? Stream.of(node.path("$ref").asString()) : Stream.<String>empty();
        return Stream.concat(own, node.valueStream().flatMap(EventCatalogTest::references));
    }
}
