package dev.foodorder.events;

import dev.foodorder.events.customer.CustomerFlagged;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReleased;
import dev.foodorder.events.inventory.StockReplenished;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalog of event types: the versioned {@code ce_type} of each event, its topic and its
 * Java type. A breaking change to an event means a new type ({@code .v2}) beside the old one.
 */
public enum EventType {

    ORDER_PLACED("food.order.placed.v1", Topics.ORDERS, OrderPlaced.class),
    ORDER_CONFIRMED("food.order.confirmed.v1", Topics.ORDERS, OrderConfirmed.class),
    ORDER_REJECTED("food.order.rejected.v1", Topics.ORDERS, OrderRejected.class),
    ORDER_CANCELLED("food.order.cancelled.v1", Topics.ORDERS, OrderCancelled.class),
    STOCK_RESERVED("food.inventory.stock-reserved.v1", Topics.INVENTORY, StockReserved.class),
    STOCK_RESERVATION_FAILED("food.inventory.stock-reservation-failed.v1", Topics.INVENTORY, StockReservationFailed.class),
    STOCK_RELEASED("food.inventory.stock-released.v1", Topics.INVENTORY, StockReleased.class),
    STOCK_LEVEL_LOW("food.inventory.stock-level-low.v1", Topics.INVENTORY, StockLevelLow.class),
    STOCK_REPLENISHED("food.inventory.stock-replenished.v1", Topics.INVENTORY, StockReplenished.class),
    CUSTOMER_FLAGGED("food.analytics.customer-flagged.v1", Topics.CUSTOMERS, CustomerFlagged.class);

    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));

    private final String type;
    private final String topic;
    private final Class<? extends IntegrationEvent> javaType;

    EventType(String type, String topic, Class<? extends IntegrationEvent> javaType) {
        this.type = type;
        this.topic = topic;
        this.javaType = javaType;
    }

    /** The CloudEvents {@code ce_type}. */
    public String type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends IntegrationEvent> javaType() {
        return javaType;
    }

    /** The classpath resource holding this type's JSON Schema. */
    public String schemaResource() {
        return "/schemas/" + type + ".schema.json";
    }

    public static EventType of(IntegrationEvent event) {
        var eventType = BY_CLASS.get(event.getClass());
        if (eventType == null) {
            throw new IllegalArgumentException("Not in the catalog: " + event.getClass().getName());
        }
        return eventType;
    }

    public static Optional<EventType> fromType(String type) {
        return Optional.ofNullable(type).map(BY_TYPE::get);
    }
}
