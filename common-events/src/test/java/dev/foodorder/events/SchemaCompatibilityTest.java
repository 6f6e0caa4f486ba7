package dev.foodorder.events;

import dev.foodorder.events.SchemaCompatibility.BreakingChange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCompatibilityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TYPE = "food.test.thing-happened.v1";

    /** A small event as it was released: every change below is made to it. */
    private static final String RELEASED = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "description": "Something happened.",
              "type": "object",
              "properties": {
                "thingId": { "type": "string", "format": "uuid" },
                "reason": { "enum": ["OUT_OF_STOCK", "UNKNOWN_ITEM"] },
                "lines": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "sku": { "type": "string" },
                      "quantity": { "type": "integer", "minimum": 1 }
                    },
                    "required": ["sku", "quantity"]
                  }
                },
                "price": { "$ref": "#/$defs/money" },
                "note": { "type": "string" }
              },
              "required": ["thingId", "reason", "lines"],
              "$defs": {
                "money": { "type": "number", "minimum": 0 }
              }
            }
            """;

    @Test
    void passesTheSchemaAsItWasReleased() {
        assertThat(breakingChanges(RELEASED)).isEmpty();
    }

    @Test
    void passesAnAddedOptionalProperty() {
        var current = edit("\"note\": { \"type\": \"string\" }",
                "\"note\": { \"type\": \"string\" }, \"settleBy\": { \"type\": \"string\", \"format\": \"date-time\" }");

        assertThat(breakingChanges(current)).isEmpty();
    }

    @Test
    void passesChangedWordsForPeople() {
        var current = edit("\"description\": \"Something happened.\"", "\"description\": \"Something happened, and we say so.\"");

        assertThat(breakingChanges(current)).isEmpty();
    }

    @Test
    void failsOnARemovedProperty() {
        var current = edit("\"thingId\": { \"type\": \"string\", \"format\": \"uuid\" },", "");

        assertThat(breakingChanges(current)).containsExactly(change("$.thingId", "property removed"));
    }

    @Test
    void failsOnARetypedProperty() {
        var current = edit("\"quantity\": { \"type\": \"integer\"", "\"quantity\": { \"type\": \"string\"");

        assertThat(breakingChanges(current)).containsExactly(change("$.lines[*].quantity", "type changed from integer to string"));
    }

    @Test
    void failsOnANewlyRequiredProperty() {
        var current = edit("\"required\": [\"thingId\", \"reason\", \"lines\"]",
                "\"required\": [\"thingId\", \"reason\", \"lines\", \"note\"]");

        assertThat(breakingChanges(current))
                .containsExactly(change("$.note", "newly required: the events already written may lack it"));
    }

    @Test
    void failsOnANewPropertyThatIsRequired() {
        var current = edit(
                "\"sku\": { \"type\": \"string\" },", "\"sku\": { \"type\": \"string\" }, \"name\": { \"type\": \"string\" },",
                "\"required\": [\"sku\", \"quantity\"]", "\"required\": [\"sku\", \"quantity\", \"name\"]");

        assertThat(breakingChanges(current)).containsExactly(change("$.lines[*].name",
                "new property, and required: the events already written lack it; a new property must be optional"));
    }

    @Test
    void failsOnAPropertyNoLongerRequired() {
        var current = edit("\"required\": [\"thingId\", \"reason\", \"lines\"]", "\"required\": [\"thingId\", \"lines\"]");

        assertThat(breakingChanges(current))
                .containsExactly(change("$.reason", "no longer required: readers built before expect it in every event"));
    }

    @Test
    void failsOnARemovedEnumValue() {
        var current = edit("[\"OUT_OF_STOCK\", \"UNKNOWN_ITEM\"]", "[\"OUT_OF_STOCK\"]");

        assertThat(breakingChanges(current))
                .containsExactly(change("$.reason", "enum value UNKNOWN_ITEM removed: the events already written may carry it"));
    }

    @Test
    void failsOnAnAddedEnumValue() {
        var current = edit("[\"OUT_OF_STOCK\", \"UNKNOWN_ITEM\"]", "[\"OUT_OF_STOCK\", \"UNKNOWN_ITEM\", \"TOO_LATE\"]");

        assertThat(breakingChanges(current))
                .containsExactly(change("$.reason", "enum value TOO_LATE added: readers built before it fail on it"));
    }

    @Test
    void failsOnAChangedConstraintInADefinition() {
        var current = edit("\"money\": { \"type\": \"number\", \"minimum\": 0 }",
                "\"money\": { \"type\": \"number\", \"minimum\": 1 }");

        assertThat(breakingChanges(current)).containsExactly(change("$defs.money", "minimum changed from 0 to 1"));
    }

    @Test
    void failsOnAnAddedConstraint() {
        var current = edit("\"note\": { \"type\": \"string\" }", "\"note\": { \"type\": \"string\", \"maxLength\": 140 }");

        assertThat(breakingChanges(current)).containsExactly(change("$.note", "maxLength 140 added"));
    }

    @Test
    void failsOnARemovedType() {
        assertThat(SchemaCompatibility.breakingChanges(TYPE, JSON.readTree(RELEASED), null))
                .containsExactly(change("$", "the type was removed"));
    }

    @Test
    void theExplanationNamesTheTypeWhereAndWhatChangedAndTheTypeToPublishInstead() {
        var changes = breakingChanges(edit("\"quantity\": { \"type\": \"integer\"", "\"quantity\": { \"type\": \"string\""));

        assertThat(SchemaCompatibility.explain(TYPE, "0.1.0", changes))
                .contains("food.test.thing-happened.v1 changed incompatibly since release 0.1.0")
                .contains("$.lines[*].quantity: type changed from integer to string")
                .contains("a new type, food.test.thing-happened.v2, beside it");
    }

    private static List<BreakingChange> breakingChanges(String current) {
        return SchemaCompatibility.breakingChanges(TYPE, JSON.readTree(RELEASED), JSON.readTree(current));
    }

    /**
     * The released schema with pieces of it replaced, each by the argument after it; a piece it does not
     * hold is the test's mistake, not a change.
     */
    private static String edit(String... piecesAndReplacements) {
        var schema = RELEASED;
        for (int i = 0; i < piecesAndReplacements.length; i += 2) {
            assertThat(schema).contains(piecesAndReplacements[i]);
            schema = schema.replace(piecesAndReplacements[i], piecesAndReplacements[i + 1]);
        }
        return schema;
    }

    private static BreakingChange change(String path, String change) {
        return new BreakingChange(TYPE, path, change);
    }
}
