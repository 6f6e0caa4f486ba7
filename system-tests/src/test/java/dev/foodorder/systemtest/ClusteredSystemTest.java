package dev.foodorder.systemtest;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A scenario run against the {@link ClusteredSystem} (three brokers, the inventory behind proxies):
 * its test class receives it through a constructor or method parameter, whole again after whatever
 * the previous scenario did.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(ClusteredSystem.Extension.class)
@interface ClusteredSystemTest {
}
