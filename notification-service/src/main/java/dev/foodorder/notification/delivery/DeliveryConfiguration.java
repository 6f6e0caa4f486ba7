package dev.foodorder.notification.delivery;

import dev.foodorder.notification.NotificationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeliveryConfiguration.class);

    /**
     * Email when Spring Boot configured a mail sender (it does when {@code spring.mail.host} is
     * set), the log otherwise. Asked for at creation time rather than with a bean condition,
     * which would be evaluated before Boot's mail auto-configuration had run.
     */
    @Bean
    DeliveryChannel deliveryChannel(ObjectProvider<JavaMailSender> mailSender, NotificationProperties properties) {
        var mail = mailSender.getIfAvailable();
        if (mail == null) {
            log.info("No spring.mail.host set: notifications are delivered to the log");
            return new LogChannel();
        }
        if (mail instanceof JavaMailSenderImpl smtp) {
            log.info("Notifications are delivered by email through {}:{}", smtp.getHost(), smtp.getPort());
        }
        return new MailChannel(mail, properties.sender());
    }
}
