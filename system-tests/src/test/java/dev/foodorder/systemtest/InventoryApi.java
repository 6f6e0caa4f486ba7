package dev.foodorder.systemtest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The inventory service's REST API. */
record InventoryApi(Http http) {

    /** The stock of every sku (the menu has a dozen; one page holds a hundred). */
    Map<String, StockLevel> stock() {
        return http.get("/api/inventory?size=100").as(StockPage.class).items().stream()
                .collect(Collectors.toUnmodifiableMap(StockLevel::sku, Function.identity()));
    }

    StockLevel stock(String sku) {
        return http.get("/api/inventory/" + sku).as(StockLevel.class);
    }

    Optional<Reservation> reservation(UUID orderId) {
        var response = http.get("/api/inventory/reservations/" + orderId);
        return switch (response.status()) {
            case 200 -> Optional.of(response.as(Reservation.class));
            case 404 -> Optional.empty();
            default -> throw new IllegalStateException("GET reservation of " + orderId + ": " + response);
        };
    }

    /** Restocks each sku whose available units are below the target up to it. */
    void stockUp(Map<String, Integer> targets) {
        var stock = stock();
        targets.forEach((sku, target) -> {
            var missing = target - stock.get(sku).available();
            if (missing > 0) {
                var response = http.postJson("/api/inventory/" + sku + "/restock", Map.of("quantity", missing));
                if (response.status() != 200) {
                    throw new IllegalStateException("Restocking " + sku + ": " + response);
                }
            }
        });
    }

    record StockLevel(String sku, int onHand, int reserved, int available) {
    }

    record StockPage(List<StockLevel> items) {
    }

    record Reservation(UUID orderId, String status, String reason, List<Item> items) {

        Map<String, Integer> quantities() {
            return items.stream().collect(Collectors.toMap(Item::sku, Item::quantity));
        }

        record Item(String sku, int quantity) {
        }
    }
}
