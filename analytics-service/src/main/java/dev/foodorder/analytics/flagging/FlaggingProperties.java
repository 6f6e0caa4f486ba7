package dev.foodorder.analytics.flagging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The flagging rule, under {@code analytics.flagging.*}: a customer who places more than {@code maxOrders}
 * orders within {@code within} is flagged, once per burst.
 *
 * @param within a whole number of seconds, as CustomerFlagged reports it
 * @param grace  how late (in event time, behind the latest placement seen) an order may arrive and still
 *               count; a later one is left out and counted in {@code analytics.events.late}
 */
@ConfigurationProperties("analytics.flagging")
public record FlaggingProperties(@DefaultValue("5") int maxOrders, @DefaultValue("10s") Duration within,
                                 @DefaultValue("30s") Duration grace) {

    public FlaggingProperties {
        if (maxOrders < 1) {
            throw new IllegalArgumentException("analytics.flagging.max-orders must be at least 1");
        }
        if (within.toSeconds() < 1 || within.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("analytics.flagging.within must be a whole number of seconds, at least one");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("analytics.flagging.grace must not be negative");
        }
    }
}
