package dev.foodorder.systemtest;

import dev.foodorder.events.EventType;
import dev.foodorder.systemtest.InventoryApi.Reservation;
import dev.foodorder.systemtest.InventoryApi.StockLevel;
import dev.foodorder.systemtest.NotificationApi.Notification;
import dev.foodorder.systemtest.OrderApi.OrderView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The books of one scenario, kept across the three services from what each shows through its API:
 * <ul>
 *     <li>the order service has every order the scenario placed, no other, each CONFIRMED, REJECTED or CANCELLED;</li>
 *     <li>for every sku, the units the inventory holds reserved are those it held before the scenario plus
 *     the lines of the scenario's confirmed orders (a cancelled order's units came back), and none went missing;</li>
 *     <li>the inventory's record of each order agrees with its status: RESERVED (with exactly its lines) for a
 *     confirmed order, REFUSED for a rejected one, and nothing held for a cancelled one;</li>
 *     <li>each order received at most one answer from the inventory;</li>
 *     <li>every event an order published (OrderPlaced, OrderConfirmed, OrderRejected, OrderCancelled) became exactly
 *     one notification to its customer, made from that very event, and was delivered; there are no others.</li>
 * </ul>
 * An order with something missing counts as lost; one with something twice counts as duplicated.
 */
final class Books {

    private static final Map<String, String> NOTIFICATION_OF_EVENT = Map.of(
            EventType.ORDER_PLACED.type(), "ORDER_RECEIVED",
            EventType.ORDER_CONFIRMED.type(), "ORDER_CONFIRMED",
            EventType.ORDER_REJECTED.type(), "ORDER_REJECTED",
            EventType.ORDER_CANCELLED.type(), "ORDER_CANCELLED");

    private static final int PROBLEMS_SHOWN = 40;

    private final OrderApi orders;
    private final InventoryApi inventory;
    private final NotificationApi notifications;
    private final Map<String, StockLevel> stockBefore;
    private final Map<UUID, PlacedOrder> placed;
    private final Set<String> customers;
    /**
     * Fetched once every order is final: a scenario cancels nothing once it checks its books, so from then on
     * the orders' lines, statuses and published events cannot change.
     */
    private Map<UUID, OrderView> finalOrders;
    /** Reservations found as they should be; final orders do not change them any more. */
    private final Set<UUID> reservationsInPlace = new HashSet<>();
    private volatile Audit latest;

    Books(SystemUnderTest system, Map<String, StockLevel> stockBefore, Map<UUID, PlacedOrder> placed, Set<String> customers) {
        this.orders = system.orders();
        this.inventory = system.inventory();
        this.notifications = system.notifications();
        this.stockBefore = stockBefore;
        this.placed = placed;
        this.customers = customers;
    }

    /** The orders not yet final, or not known to the order service at all. */
    Set<UUID> pendingOrders() {
        var statuses = ordersOfCustomers();
        return placed.keySet().stream().filter(id -> !statuses.containsKey(id) || "PENDING".equals(statuses.get(id)))
                .collect(Collectors.toSet());
    }

    Audit latest() {
        return latest;
    }

    /** Reads the books from the three services; a service that does not answer is a problem like any other. */
    Audit audit() {
        var findings = new Findings();
        var statuses = new HashMap<UUID, String>();
        try {
            statuses.putAll(ordersOfCustomers());
            check(statuses, findings);
        } catch (RuntimeException e) {
            findings.wrong("the books could not be read: " + e);
        }
        latest = findings.audit(placed.size(), statuses);
        return latest;
    }

    private void check(Map<UUID, String> statuses, Findings findings) {
        statuses.forEach((id, status) -> {
            if (!placed.containsKey(id)) {
                findings.duplicated(id, "order %s was never placed by this scenario".formatted(id));
            }
        });
        placed.keySet().forEach(id -> {
            if (!statuses.containsKey(id)) {
                findings.lost(id, "order %s was accepted, but the order service does not know it".formatted(id));
            } else if ("PENDING".equals(statuses.get(id))) {
                findings.lost(id, "order %s is still PENDING".formatted(id));
            }
        });
        if (!findings.lost.isEmpty()) {
            return;
        }
        if (finalOrders == null) {
            finalOrders = placed.keySet().stream().collect(Collectors.toMap(id -> id, orders::get));
        }
        checkOrders(findings);
        checkStock(findings);
        checkReservations(findings);
        checkNotifications(findings);
    }

    /** The status of every order the scenario's customers have, by id. */
    private Map<UUID, String> ordersOfCustomers() {
        var statuses = new HashMap<UUID, String>();
        customers.forEach(customer -> orders.ofCustomer(customer).forEach(order -> statuses.put(order.orderId(), order.status())));
        return statuses;
    }

    private void checkOrders(Findings findings) {
        finalOrders.values().forEach(order -> {
            var asked = placed.get(order.orderId()).quantities();
            if (!order.quantities().equals(asked)) {
                findings.wrong("order %s has lines %s; its customer asked for %s".formatted(order.orderId(), order.quantities(), asked));
            }
            if (order.received().size() > 1) {
                findings.duplicated(order.orderId(), "order %s received %d answers from the inventory: %s"
                        .formatted(order.orderId(), order.received().size(), order.received()));
            }
        });
    }

    private void checkStock(Findings findings) {
        var confirmed = new HashMap<String, Integer>();
        finalOrders.values().stream().filter(order -> "CONFIRMED".equals(order.status()))
                .forEach(order -> order.quantities().forEach((sku, quantity) -> confirmed.merge(sku, quantity, Integer::sum)));
        var stock = inventory.stock();
        new TreeMap<>(stockBefore).forEach((sku, before) -> {
            var now = stock.get(sku);
            int expectedReserved = before.reserved() + confirmed.getOrDefault(sku, 0);
            if (now.onHand() != before.onHand() || now.reserved() != expectedReserved || now.available() != now.onHand() - now.reserved()) {
                findings.wrong("%s: %d on hand, %d reserved, %d available; expected %d on hand, %d reserved (%d before + %d for confirmed orders)"
                        .formatted(sku, now.onHand(), now.reserved(), now.available(), before.onHand(), expectedReserved,
                                before.reserved(), confirmed.getOrDefault(sku, 0)));
            }
        });
    }

    private void checkReservations(Findings findings) {
        for (var order : finalOrders.values()) {
            if (reservationsInPlace.contains(order.orderId())) {
                continue;
            }
            var reservation = inventory.reservation(order.orderId());
            if (reservation.isEmpty()) {
                findings.lost(order.orderId(), "the inventory has not heard of %s order %s".formatted(order.status(), order.orderId()));
            } else if (agrees(order, reservation.get())) {
                reservationsInPlace.add(order.orderId());
            } else {
                findings.wrong("%s order %s: the inventory says %s %s".formatted(order.status(), order.orderId(),
                        reservation.get().status(), reservation.get().quantities()));
            }
        }
    }

    private static boolean agrees(OrderView order, Reservation reservation) {
        var sameLines = reservation.quantities().equals(order.quantities());
        return switch (order.status()) {
            case "CONFIRMED" -> reservation.status().equals("RESERVED") && sameLines;
            case "REJECTED" -> reservation.status().equals("REFUSED");
            // Cancelled after its stock was reserved (released), or before (refused, or never taken).
            case "CANCELLED" -> switch (reservation.status()) {
                case "RELEASED" -> sameLines;
                case "REFUSED", "CANCELLED" -> true;
                default -> false;
            };
            default -> false;
        };
    }

    private void checkNotifications(Findings findings) {
        var byOrder = new HashMap<UUID, List<Notification>>();
        for (var customer : customers) {
            for (var notification : notifications.ofCustomer(customer)) {
                if (notification.orderId() == null || !placed.containsKey(notification.orderId())) {
                    findings.duplicated(notification.orderId(), "notification %d (%s) is about order %s, which this scenario never placed"
                            .formatted(notification.id(), notification.type(), notification.orderId()));
                } else {
                    byOrder.computeIfAbsent(notification.orderId(), id -> new ArrayList<>()).add(notification);
                }
            }
        }
        for (var order : finalOrders.values()) {
            var told = byOrder.getOrDefault(order.orderId(), List.of()).stream()
                    .collect(Collectors.groupingBy(Notification::eventId));
            var published = new HashSet<UUID>();
            for (var event : order.sent()) {
                published.add(event.eventId());
                var expectedType = NOTIFICATION_OF_EVENT.get(event.type());
                var made = told.getOrDefault(event.eventId(), List.of());
                if (made.isEmpty()) {
                    findings.lost(order.orderId(), "no %s notification for %s of order %s".formatted(expectedType, event.type(), order.orderId()));
                } else if (made.size() > 1) {
                    findings.duplicated(order.orderId(), "%d notifications for %s of order %s".formatted(made.size(), event.type(), order.orderId()));
                } else if (!made.getFirst().type().equals(expectedType)) {
                    findings.wrong("notification %d for %s of order %s is of type %s".formatted(made.getFirst().id(), event.type(),
                            order.orderId(), made.getFirst().type()));
                } else if (!made.getFirst().status().equals("SENT")) {
                    findings.lost(order.orderId(), "notification %d (%s) of order %s is %s, not SENT".formatted(made.getFirst().id(),
                            expectedType, order.orderId(), made.getFirst().status()));
                }
            }
            told.forEach((eventId, made) -> {
                if (!published.contains(eventId)) {
                    findings.duplicated(order.orderId(), "notification %s of order %s comes from event %s, which the order never published"
                            .formatted(made.getFirst().type(), order.orderId(), eventId));
                }
            });
        }
    }

    /** What one audit found. */
    private static final class Findings {

        private final Set<UUID> lost = new HashSet<>();
        private final Set<UUID> duplicated = new HashSet<>();
        private final List<String> problems = new ArrayList<>();

        void lost(UUID orderId, String problem) {
            lost.add(orderId);
            problems.add(problem);
        }

        void duplicated(UUID orderId, String problem) {
            duplicated.add(orderId);
            problems.add(problem);
        }

        void wrong(String problem) {
            problems.add(problem);
        }

        Audit audit(int placed, Map<UUID, String> statuses) {
            var counts = new LinkedHashMap<String, Long>(statuses.values().stream()
                    .collect(Collectors.groupingBy(status -> status, Collectors.counting())));
            var shown = problems.size() <= PROBLEMS_SHOWN ? problems
                    : concat(problems.subList(0, PROBLEMS_SHOWN), "... and %d more".formatted(problems.size() - PROBLEMS_SHOWN));
            return new Audit(placed, counts.getOrDefault("CONFIRMED", 0L).intValue(), counts.getOrDefault("REJECTED", 0L).intValue(),
                    counts.getOrDefault("CANCELLED", 0L).intValue(), lost.size(), duplicated.size(), List.copyOf(shown));
        }

        private static List<String> concat(List<String> list, String last) {
            var all = new ArrayList<>(list);
            all.add(last);
            return all;
        }
    }
}
