package dev.foodorder.notification.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers notifications as plain-text email through Spring Boot's {@link JavaMailSender}
 * ({@code spring.mail.*}). A batch goes over one SMTP connection; the mail server's answer for
 * each message decides whether that message is sent or failed.
 */
class MailChannel implements DeliveryChannel {

    private static final Logger log = LoggerFactory.getLogger(MailChannel.class);

    private final JavaMailSender mailSender;
    private final String sender;

    MailChannel(JavaMailSender mailSender, String sender) {
        this.mailSender = mailSender;
        this.sender = sender;
    }

    @Override
    public Map<Long, Exception> deliver(List<Message> messages) {
        var failures = new HashMap<Long, Exception>();
        var notificationIds = new IdentityHashMap<MimeMessage, Long>();
        // Sent in the order given, so a customer reads "received" before "confirmed" before "cancelled".
        var inOrder = new ArrayList<MimeMessage>();
        for (var message : messages) {
            try {
                var mime = toMime(message);
                notificationIds.put(mime, message.notificationId());
                inOrder.add(mime);
            } catch (MessagingException | MailException e) {
                // An address that does not parse fails this message alone.
                failures.put(message.notificationId(), e);
            }
        }
        if (notificationIds.isEmpty()) {
            return failures;
        }
        try {
            mailSender.send(inOrder.toArray(MimeMessage[]::new));
            log.debug("Mailed {} notifications", notificationIds.size());
        } catch (MailSendException e) {
            if (e.getFailedMessages().isEmpty()) {
                notificationIds.values().forEach(id -> failures.put(id, e));
            }
            e.getFailedMessages().forEach((mime, cause) -> failures.put(notificationIds.get(mime), cause));
        } catch (MailException e) {
            // Authentication and the like: nothing of the batch went out.
            notificationIds.values().forEach(id -> failures.put(id, e));
        }
        return failures;
    }

    private MimeMessage toMime(Message message) throws MessagingException {
        var mime = mailSender.createMimeMessage();
        var helper = new MimeMessageHelper(mime, StandardCharsets.UTF_8.name());
        helper.setFrom(sender);
        helper.setTo(message.recipient());
        helper.setSubject(message.subject());
        helper.setText(message.body());
        // The same id on every attempt, so a mail client can tell a resent message from a new one.
        mime.setHeader("Message-ID", "<" + message.eventId() + "@notification-service>");
        return mime;
    }
}
