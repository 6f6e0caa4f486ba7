package dev.foodorder.events;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.foodorder.events.customer.CustomerEventsMother;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON Schemas are the contract a consumer in any language can hold a producer to. */
class EventSchemasTest {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<IntegrationEvent> events() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("events")
    void serializedEventValidatesAgainstItsSchema(IntegrationEvent event) {
        var json = new String(EventCodec.toJson(event), StandardCharsets.UTF_8);

        assertThat(errors(EventType.of(event), json)).isEmpty();
    }

    @Test
    void everyTypeOfTheCatalogHasASampleThatIsValidated() {
        assertThat(events()).extracting(EventType::of).containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaListsExactlyTheFieldsOfTheRecord(EventType type) {
        var schemaFields = Set.copyOf(schemaOf(type).getSchemaNode().get("properties").propertyNames());
        var recordFields = Arrays.stream(type.javaType().getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName)
                .collect(Collectors.toSet());

        assertThat(schemaFields).isEqualTo(recordFields);
    }

    @Test
    void schemaRefusesAnEventWithoutItsRequiredFields() {
        var json = "{\"orderId\":\"" + SampleEvents.ORDER + "\",\"customerId\":\"c-42\"}";

        assertThat(errors(EventType.ORDER_PLACED, json)).isNotEmpty();
    }

    @Test
    void schemaRefusesANegativeQuantity() {
        var placed = (ObjectNode) JSON.readTree(EventCodec.toJson(SampleEvents.all().getFirst()));
        ((ObjectNode) placed.get("lines").get(0)).put("quantity", -1);

        assertThat(errors(EventType.ORDER_PLACED, placed.toString())).isNotEmpty();
    }

    @Test
    void schemaRefusesAFlagOfNoOrders() {
        var flagged = (ObjectNode) JSON.readTree(EventCodec.toJson(CustomerEventsMother.aCustomer().flagged()));
        flagged.put("orders", 0);

        assertThat(errors(EventType.CUSTOMER_FLAGGED, flagged.toString())).isNotEmpty();
    }

    private static List<com.networknt.schema.Error> errors(EventType type, String json) {
        return schemaOf(type).validate(json, InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
    }

    private static Schema schemaOf(EventType type) {
        try (var in = EventType.class.getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema resource %s", type.schemaResource()).isNotNull();
            return SCHEMAS.getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
