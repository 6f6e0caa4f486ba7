package dev.foodorder.analytics;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
@OpenAPIDefinition(info = @Info(title = "Analytics service", version = "v1", description = """
        The read side of the system, built with Kafka Streams from the events alone: orders per minute \
        and their outcomes, time to outcome, revenue and top sellers of the last hour, each order's \
        timeline across services, and customers flagged for ordering too often. It calls no other \
        service; its state lives in state stores backed by changelog topics, and rebuilds from the log. \
        The live page at / shows the events as they flow."""))
public class AnalyticsApplication {

    public static void main(String[] args) {
        SpringApplication.run(AnalyticsApplication.class, args);
    }
}
