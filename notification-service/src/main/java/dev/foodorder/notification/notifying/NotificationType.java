package dev.foodorder.notification.notifying;

/** What a notification tells, and so to whom: the customer of an order, or the operators. */
public enum NotificationType {

    ORDER_RECEIVED,
    ORDER_CONFIRMED,
    ORDER_REJECTED,
    ORDER_CANCELLED,
    STOCK_LOW,
    STOCK_REPLENISHED,
    CUSTOMER_FLAGGED
}
