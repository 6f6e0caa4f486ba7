package dev.foodorder.notification.notification;

import dev.foodorder.events.OrderId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final Notification notification = Notification.of(
            new Draft(NotificationType.ORDER_CONFIRMED, "ada@example.org", "c-42", OrderId.random(), "Subject", "Body"),
            UUID.randomUUID(), NOW, NOW);

    @Test
    void isDueAtOnceWhenCreated() {
        assertThat(notification.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(notification.attempts()).isZero();
        assertThat(notification.nextAttemptAt()).isEqualTo(NOW);
    }

    @Test
    void countsAClaimedAttemptAndHidesItForTheLease() {
        notification.claim(NOW, Duration.ofMinutes(2));

        assertThat(notification.attempts()).isEqualTo(1);
        assertThat(notification.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(notification.nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
    }

    @Test
    void staysFailedWithNoNextAttemptWhenNoneIsLeft() {
        notification.claim(NOW, Duration.ofMinutes(2));

        notification.failed("Connection refused", null);

        assertThat(notification.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(notification.lastError()).isEqualTo("Connection refused");
        assertThat(notification.nextAttemptAt()).isNull();
    }

    @Test
    void keepsTheLastErrorShort() {
        notification.failed("x".repeat(5000), NOW.plusSeconds(10));

        assertThat(notification.lastError()).hasSize(1000);
    }

    @Test
    void forgetsTheLastErrorOnceSent() {
        notification.claim(NOW, Duration.ofMinutes(2));
        notification.failed("Connection refused", NOW.plusSeconds(10));
        notification.claim(NOW.plusSeconds(10), Duration.ofMinutes(2));

        notification.sent(NOW.plusSeconds(11));

        assertThat(notification.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(notification.attempts()).isEqualTo(2);
        assertThat(notification.sentAt()).isEqualTo(NOW.plusSeconds(11));
        assertThat(notification.lastError()).isNull();
        assertThat(notification.nextAttemptAt()).isNull();
    }
}
