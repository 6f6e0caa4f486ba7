package dev.foodorder.notification.delivery;

import dev.foodorder.notification.notifying.NotificationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Delivers notifications into the log: the demo's channel, and the fallback when no SMTP server is
 * set. One line per batch, so that a backlog does not flood the log; each message at DEBUG.
 */
class LogChannel implements DeliveryChannel {

    private static final Logger log = LoggerFactory.getLogger(LogChannel.class);

    @Override
    public Map<Long, Exception> deliver(List<Message> messages) {
        log.info("Delivered {} notifications to the log: {}", messages.size(), summary(messages));
        if (log.isDebugEnabled()) {
            messages.forEach(message -> log.debug("Notification {} to {}: {}\n{}", message.notificationId(),
                    message.recipient(), message.subject(), message.body()));
        }
        return Map.of();
    }

    /** "2 ORDER_RECEIVED, 1 STOCK_LOW" */
    private static String summary(List<Message> messages) {
        var byType = messages.stream().collect(Collectors.groupingBy(Message::type,
                () -> new EnumMap<>(NotificationType.class), Collectors.counting()));
        return byType.entrySet().stream().map(count -> count.getValue() + " " + count.getKey())
                .collect(Collectors.joining(", "));
    }
}
