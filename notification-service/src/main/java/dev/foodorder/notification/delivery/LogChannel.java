package dev.foodorder.notification.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/** Delivers notifications into the log: the demo's channel, and the fallback when no SMTP server is set. */
class LogChannel implements DeliveryChannel {

    private static final Logger log = LoggerFactory.getLogger(LogChannel.class);

    @Override
    public Map<Long, Exception> deliver(List<Message> messages) {
        for (var message : messages) {
            log.info("Notification {} to {}: {}", message.notificationId(), message.recipient(), message.subject());
            log.debug("Notification {} body:\n{}", message.notificationId(), message.body());
        }
        return Map.of();
    }
}
