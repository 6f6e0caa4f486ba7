package dev.foodorder.systemtest;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The analytics service's REST API: what the read side has made of the events. */
record AnalyticsApi(Http http) {

    /** Every order the analytics have seen, counted by its current status; empty while the Streams app is not running. */
    Optional<Map<String, Long>> ordersByStatus() {
        var response = http.get("/api/analytics/figures?minutes=60");
        if (response.status() != 200) {
            return Optional.empty();
        }
        return Optional.of(response.as(Figures.class).ordersByStatus());
    }

    /** The events of one order, as the timeline shows them; empty while unknown or not running. */
    Optional<Timeline> timeline(UUID orderId) {
        var response = http.get("/api/analytics/orders/" + orderId + "/timeline");
        return response.status() == 200 ? Optional.of(response.as(Timeline.class)) : Optional.empty();
    }

    record Figures(Map<String, Long> ordersByStatus) {
    }

    record Timeline(UUID orderId, String status, java.util.List<Event> events) {

        record Event(String type, String topic, int partition, long offset) {
        }
    }
}
