package dev.foodorder.systemtest;

import java.nio.file.Path;

/**
 * What a scenario and its books need of the system they run against: the services' public APIs, and
 * their logs, marked where each scenario begins. The one {@link RunningSystem} most scenarios share,
 * or a system of their own when they need another shape of it ({@link ClusteredSystem}).
 */
abstract class SystemUnderTest {

    abstract OrderApi orders();

    abstract InventoryApi inventory();

    abstract NotificationApi notifications();

    /** Writes a line into every service's log, so that a log can be read scenario by scenario. */
    abstract void mark(String text);

    /** What the services wrote to their logs since the mark. */
    abstract ServiceLogs logsSince(String mark);

    /** Where the services' logs are. */
    abstract Path logs();

    /** Brings back whatever the previous scenario stopped, froze or changed, so that the next one starts whole. */
    abstract void makeWhole();
}
