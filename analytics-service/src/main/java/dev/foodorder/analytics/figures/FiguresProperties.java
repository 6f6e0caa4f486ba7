package dev.foodorder.analytics.figures;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings under {@code analytics.figures.*}.
 *
 * @param grace how late (in event time, behind the latest event seen) an event may arrive and still count in
 *              its minute; a later one is left out of the minute and counted in {@code analytics.events.late}
 */
@ConfigurationProperties("analytics.figures")
public record FiguresProperties(@DefaultValue("30s") Duration grace) {

    public FiguresProperties {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("analytics.figures.grace must not be negative");
        }
    }
}
