package dev.foodorder.notification;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(NotificationProperties.class)
@OpenAPIDefinition(info = @Info(title = "Notification service", version = "v1", description = """
        Tells customers and operators what happened, from the events alone: order received, \
        confirmed, rejected or cancelled, stock low or replenished. Every notification is stored \
        with its delivery status. Try it: place an order as customer `c-42` in the order service, \
        then list that customer's notifications here, or watch them arrive on the stream."""))
public class NotificationApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotificationApplication.class, args);
    }
}
