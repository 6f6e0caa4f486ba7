package dev.foodorder.systemtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/** The order service's REST API, as a customer's client sees it. */
record OrderApi(Http http) {

    Http.Response place(NewOrder order, String... headers) {
        return http.postJson("/api/orders", order, headers);
    }

    OrderView get(UUID orderId, String... headers) {
        var response = http.get("/api/orders/" + orderId, headers);
        if (response.status() != 200) {
            throw new IllegalStateException("GET order " + orderId + ": " + response);
        }
        return response.as(OrderView.class);
    }

    /** Waits up to the given seconds for the order's outcome ({@code Prefer: wait=N}). */
    OrderView awaitOutcome(UUID orderId, int seconds) {
        return get(orderId, "Prefer", "wait=" + seconds);
    }

    Http.Response cancel(UUID orderId) {
        return http.post("/api/orders/" + orderId + "/cancel", "application/json", "");
    }

    /** Every order of the customer, newest first, page by page. */
    List<OrderSummary> ofCustomer(String customerId) {
        var orders = new ArrayList<OrderSummary>();
        for (int page = 0; ; page++) {
            var response = http.get("/api/orders?size=100&page=%d&customerId=%s".formatted(page, customerId));
            var content = response.as(OrderPage.class);
            orders.addAll(content.orders());
            if (page + 1 >= content.totalPages()) {
                return orders;
            }
        }
    }

    long countPending() {
        return count("PENDING");
    }

    /** How many orders there are in each status, all customers together. */
    Map<String, Long> countByStatus() {
        var counts = new TreeMap<String, Long>();
        for (var status : List.of("PENDING", "CONFIRMED", "REJECTED", "CANCELLED")) {
            counts.put(status, count(status));
        }
        return counts;
    }

    private long count(String status) {
        return http.get("/api/orders?status=" + status + "&size=1").as(OrderPage.class).totalElements();
    }

    List<String> menu() {
        return http.get("/api/menu").json().valueStream().map(item -> item.get("sku").asString()).toList();
    }

    /** The body of {@code POST /api/orders}. */
    record NewOrder(String customerId, String customerEmail, List<Item> items, String note) {

        static NewOrder of(String customerId, Map<String, Integer> quantities) {
            return new NewOrder(customerId, customerId + "@example.org",
                    quantities.entrySet().stream().map(line -> new Item(line.getKey(), line.getValue())).toList(), null);
        }

        Map<String, Integer> quantities() {
            return items.stream().collect(Collectors.toMap(Item::sku, Item::quantity));
        }

        record Item(String sku, int quantity) {
        }
    }

    record OrderView(UUID orderId, String customerId, String status, List<Line> items, Rejection rejection,
                     List<HistoryEntry> history) {

        boolean isFinal() {
            return !"PENDING".equals(status);
        }

        Map<String, Integer> quantities() {
            return items.stream().collect(Collectors.toMap(Line::sku, Line::quantity));
        }

        /** The events the order published, by the id consumers know them by. */
        List<HistoryEntry> sent() {
            return history.stream().filter(entry -> "SENT".equals(entry.direction())).toList();
        }

        List<HistoryEntry> received() {
            return history.stream().filter(entry -> "RECEIVED".equals(entry.direction())).toList();
        }

        record Line(String sku, int quantity) {
        }

        record Rejection(String reason, List<UnavailableItem> unavailableItems) {
        }

        record UnavailableItem(String sku, int requested, int available) {
        }

        record HistoryEntry(String direction, String type, UUID eventId) {
        }
    }

    record OrderSummary(UUID orderId, String customerId, String status) {
    }

    record OrderPage(List<OrderSummary> orders, long totalElements, int totalPages) {
    }
}
