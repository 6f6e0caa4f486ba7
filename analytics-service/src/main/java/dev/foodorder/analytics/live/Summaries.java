package dev.foodorder.analytics.live;

import dev.foodorder.events.EventCodec;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.MalformedEventException;
import dev.foodorder.events.customer.CustomerFlagged;
import dev.foodorder.events.inventory.ReservedItem;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReleased;
import dev.foodorder.events.inventory.StockReplenished;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One line about a record, for a person watching the flow: "c-42 placed 3 items, 24.50 EUR". The value
 * is read with the contract's own codec, so what the page says is what a consumer would understand;
 * a value the codec refuses (the usual reason a record ends in a dead-letter topic) is shown as it is.
 */
final class Summaries {

    private static final int MAX_RAW_LENGTH = 80;

    private Summaries() {
    }

    /** @param type the record's {@code ce_type}, or null */
    static String of(String type, byte[] value) {
        if (value == null || value.length == 0) {
            return "(no value)";
        }
        if (type == null) {
            return raw(value);
        }
        try {
            return of(EventCodec.fromJson(type, value));
        } catch (MalformedEventException e) {
            return "unreadable: " + raw(value);
        }
    }

    static String of(IntegrationEvent event) {
        return switch (event) {
            case OrderPlaced placed -> "%s placed %s, %s %s".formatted(placed.customerId(),
                    items(placed.lines().stream().mapToInt(OrderPlaced.Line::quantity).sum()),
                    placed.total().toPlainString(), placed.currency());
            case OrderConfirmed confirmed -> "confirmed for %s, %s %s".formatted(confirmed.customerId(),
                    confirmed.total().toPlainString(), confirmed.currency());
            case OrderRejected rejected -> "rejected, %s: %s".formatted(rejected.reason(), rejected.unavailableItems().stream()
                    .map(OrderRejected.UnavailableItem::sku).collect(Collectors.joining(", ")));
            case OrderCancelled cancelled -> "cancelled by %s: %s".formatted(cancelled.customerId(), cancelled.reason());
            case StockReserved reserved -> "reserved " + items(quantity(reserved.items()));
            case StockReservationFailed failed -> "cannot reserve, %s: %s".formatted(failed.reason(), failed.shortages().stream()
                    .map(shortage -> "%s %d asked, %d left".formatted(shortage.sku(), shortage.requested(), shortage.available()))
                    .collect(Collectors.joining(", ")));
            case StockReleased released -> "released " + items(quantity(released.items()));
            case StockLevelLow low -> "%s low: %d left, threshold %d".formatted(low.sku(), low.available(), low.threshold());
            case StockReplenished replenished -> "%s +%d, now %d".formatted(replenished.sku(), replenished.quantityAdded(),
                    replenished.available());
            case CustomerFlagged flagged -> "%s flagged: %d orders within %d s".formatted(flagged.customerId(), flagged.orders(),
                    flagged.withinSeconds());
            default -> event.getClass().getSimpleName();
        };
    }

    private static int quantity(List<ReservedItem> items) {
        return items.stream().mapToInt(ReservedItem::quantity).sum();
    }

    private static String items(int count) {
        return count == 1 ? "1 item" : count + " items";
    }

    private static String raw(byte[] value) {
        var text = new String(value, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return text.length() > MAX_RAW_LENGTH ? text.substring(0, MAX_RAW_LENGTH) + "…" : text;
    }
}
