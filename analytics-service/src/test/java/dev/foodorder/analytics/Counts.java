package dev.foodorder.analytics;

import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counts as the views show them (placed, confirmed, ... or PENDING, CONFIRMED, ...), for before-and-after comparisons. */
final class Counts {

    private Counts() {
    }

    /** A view's counts by name, in the order the view lists them. */
    static Map<String, Integer> of(JsonNode node) {
        var counts = new LinkedHashMap<String, Integer>();
        node.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asInt()));
        return counts;
    }

    /** The counts, each raised by the number in the same place of {@code raises}. */
    static Map<String, Integer> plus(Map<String, Integer> counts, int... raises) {
        var raised = new LinkedHashMap<String, Integer>();
        var i = 0;
        for (var entry : counts.entrySet()) {
            raised.put(entry.getKey(), entry.getValue() + raises[i++]);
        }
        return raised;
    }
}
