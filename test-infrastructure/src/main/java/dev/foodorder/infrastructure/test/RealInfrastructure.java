package dev.foodorder.infrastructure.test;

import org.springframework.test.annotation.DirtiesContext;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Connects a Spring test's application context to the real Kafka broker and a fresh PostgreSQL
 * database of the test class's own, as {@code @ServiceConnection} does: with
 * {@code KafkaConnectionDetails} and {@code JdbcConnectionDetails} beans, which win over
 * {@code spring.kafka.bootstrap-servers} and {@code spring.datasource.*}. See {@link Infrastructure}.
 *
 * <p>The context is closed after the class: with a database of its own it could never be reused,
 * and a context left running would keep its listeners in the service's consumer group, taking
 * partitions (and so the next class's records) away from the next class's context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@DirtiesContext
public @interface RealInfrastructure {
}
