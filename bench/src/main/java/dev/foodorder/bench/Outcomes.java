package dev.foodorder.bench;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What became of the orders, read after the run through the services' own API: each order's status
 * and its own timestamps ({@code placedAt}, and {@code updatedAt} once decided), the notifications
 * sent about it, and the stock the inventory holds for it. From these: the end-to-end latency of
 * every order, and whether any order was lost or handled twice.
 */
final class Outcomes {

    static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED");

    /** An order as the order service reports it. */
    record Order(UUID id, String status, Instant placedAt, Instant updatedAt) {

        boolean decided() {
            return FINAL.contains(status);
        }

        /** From placed to decided, by the order service's own clock. */
        double e2eMillis() {
            return Duration.between(placedAt, updatedAt).toNanos() / 1e6;
        }
    }

    /**
     * The checks. {@code lost}: accepted orders that are missing or not decided, or whose customer was
     * never told the outcome ({@code untold}). {@code duplicated}: orders told their outcome (or their receipt) more than once, or
     * listed twice. {@code stockMismatch}: units by which the stock the inventory reserved differs from
     * what the confirmed orders asked for, so zero when every confirmation reserved exactly once.
     */
    record Verification(int accepted, int confirmed, int rejected, int pending, int missing, int untold,
                        int duplicatedNotifications, int listedTwice, int unacknowledged, long stockMismatch,
                        int lost, int duplicated) {
    }

    private final Map<UUID, Order> orders;
    private final Map<UUID, Map<String, Integer>> notifications;
    private final int listedTwice;

    private Outcomes(Map<UUID, Order> orders, Map<UUID, Map<String, Integer>> notifications, int listedTwice) {
        this.orders = orders;
        this.notifications = notifications;
        this.listedTwice = listedTwice;
    }

    /** Reads every order and notification of the run's customers, several customers at a time. */
    static Outcomes collect(Api api, List<String> customers) {
        var orders = new ConcurrentHashMap<UUID, Order>();
        var notifications = new ConcurrentHashMap<UUID, Map<String, Integer>>();
        var listedTwice = new AtomicInteger();
        customers.parallelStream().forEach(customer -> {
            for (var node : api.ordersOf(customer)) {
                var order = order(node);
                if (orders.putIfAbsent(order.id(), order) != null) {
                    listedTwice.incrementAndGet();
                }
            }
            for (var node : api.notificationsOf(customer)) {
                if (node.hasNonNull("orderId")) {
                    notifications.computeIfAbsent(UUID.fromString(node.get("orderId").asString()), id -> new ConcurrentHashMap<>())
                            .merge(node.get("type").asString(), 1, Integer::sum);
                }
            }
        });
        return new Outcomes(Map.copyOf(orders), Map.copyOf(notifications), listedTwice.get());
    }

    private static Order order(JsonNode node) {
        return new Order(UUID.fromString(node.get("orderId").asString()), node.get("status").asString(),
                Instant.parse(node.get("placedAt").asString()), Instant.parse(node.get("updatedAt").asString()));
    }

    Order find(UUID id) {
        return orders.get(id);
    }

    /**
     * @param stockBefore the inventory's stock before the run, by sku
     * @param stockAfter  and after it
     */
    Verification verify(Api api, List<Placement> placements, Map<String, JsonNode> stockBefore, Map<String, JsonNode> stockAfter) {
        var accepted = placements.stream().filter(Placement::accepted).toList();
        int confirmed = 0, rejected = 0, pending = 0, missing = 0, untold = 0, duplicatedNotifications = 0;
        var lost = 0;
        var duplicated = 0;
        var confirmedUnits = new HashMap<String, Long>();
        for (var placement : accepted) {
            var order = orders.get(placement.orderId);
            if (order == null) {
                missing++;
                lost++;
                continue;
            }
            switch (order.status()) {
                case "CONFIRMED" -> {
                    confirmed++;
                    placement.items.forEach((sku, quantity) -> confirmedUnits.merge(sku, (long) quantity, Long::sum));
                }
                case "REJECTED" -> rejected++;
                default -> pending++;
            }
            var told = notifications.getOrDefault(placement.orderId, Map.of());
            var outcomeNotifications = told.getOrDefault("ORDER_CONFIRMED", 0) + told.getOrDefault("ORDER_REJECTED", 0);
            var receipts = told.getOrDefault("ORDER_RECEIVED", 0);
            boolean orderLost = !order.decided();
            if (order.decided() && outcomeNotifications == 0) {
                untold++;
                orderLost = true;
            }
            if (outcomeNotifications > 1 || receipts > 1) {
                duplicatedNotifications++;
                duplicated++;
            }
            if (orderLost) {
                lost++;
            }
        }
        var acceptedIds = accepted.stream().map(p -> p.orderId).collect(Collectors.toSet());
        var unacknowledged = orders.values().stream().filter(order -> !acceptedIds.contains(order.id())).toList();
        // Placed although the driver gave up waiting for the answer: their stock counts too.
        for (var order : unacknowledged) {
            if (order.status().equals("CONFIRMED")) {
                api.order(order.id()).get("items").forEach(line ->
                        confirmedUnits.merge(line.get("sku").asString(), line.get("quantity").asLong(), Long::sum));
            }
        }
        long mismatch = 0;
        for (var sku : new TreeMap<>(stockAfter).keySet()) {
            var before = stockBefore.containsKey(sku) ? stockBefore.get(sku).get("reserved").asLong() : 0;
            var reservedByRun = stockAfter.get(sku).get("reserved").asLong() - before;
            mismatch += Math.abs(reservedByRun - confirmedUnits.getOrDefault(sku, 0L));
        }
        return new Verification(accepted.size(), confirmed, rejected, pending, missing, untold,
                duplicatedNotifications, listedTwice, unacknowledged.size(), mismatch, lost, duplicated + listedTwice);
    }
}
