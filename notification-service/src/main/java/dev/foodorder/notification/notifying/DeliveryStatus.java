package dev.foodorder.notification.notifying;

/**
 * How far delivery got. A FAILED notification is tried again at its next attempt time, or has
 * used up its attempts when it has none.
 */
public enum DeliveryStatus {

    PENDING,
    SENT,
    FAILED
}
