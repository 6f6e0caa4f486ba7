package dev.foodorder.bench;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilesTest {

    private static final String PRINTED = """
            jdk.ExecutionSample {
              startTime = 17:52:13.075 (2026-11-23)
              sampledThread = "main" (javaThreadId = 3)
              state = "STATE_RUNNABLE"
              stackTrace = [
                java.util.Properties.load(InputStream) line: 410
                org.springframework.boot.SpringApplication.run(String[]) line: 1
              ]
            }

            jdk.ExecutionSample {
              startTime = 17:53:30.100 (2026-11-23)
              sampledThread = "tomcat-handler-41" (javaThreadId = 120, virtual)
              state = "STATE_RUNNABLE"
              stackTrace = [
                org.postgresql.core.v3.QueryExecutorImpl.execute(Query) line: 1
                org.hibernate.engine.jdbc.internal.ResultSetReturnImpl.executeUpdate(PreparedStatement, String) line: 1
                org.hibernate.validator.internal.engine.ValidatorImpl.validate(Object, Class[]) line: 1
                dev.foodorder.order.ordering.OrderService.place(PlaceOrderRequest, String) line: 1
              ]
            }

            jdk.ExecutionSample {
              startTime = 17:53:31.200 (2026-11-23)
              sampledThread = "tomcat-handler-7" (javaThreadId = 98, virtual)
              state = "STATE_RUNNABLE"
              stackTrace = [
                org.apache.kafka.clients.producer.KafkaProducer.send(ProducerRecord) line: 1
                dev.foodorder.messaging.outbox.OutboxRelay.publishBatch() line: 1
              ]
            }
            """;

    @Test
    void countsOnlySamplesTakenUnderLoadInEveryLayerTheirStackPassesThrough() {
        var samples = Profiles.parse(PRINTED, LocalDateTime.parse("2026-11-23T17:53:00"), LocalDateTime.parse("2026-11-23T17:54:00"));

        assertThat(samples.total()).isEqualTo(2);
        assertThat(samples.byLayer()).containsEntry("PostgreSQL JDBC driver (org.postgresql)", 1)
                .containsEntry("Hibernate ORM", 1)
                .containsEntry("Bean Validation (Hibernate Validator)", 1)
                .containsEntry("the services' own code (dev.foodorder)", 2)
                .containsEntry("Kafka clients", 1)
                .containsEntry("Outbox relay", 1);
        // Pool threads differ by their number only: counted as one.
        assertThat(samples.byThread()).containsOnlyKeys("tomcat-handler-N (virtual)");
        assertThat(samples.top(1)).isEqualTo("100.0% the services' own code (dev.foodorder)");
    }
}
