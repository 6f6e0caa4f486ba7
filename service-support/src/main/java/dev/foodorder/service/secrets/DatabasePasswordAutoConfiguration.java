package dev.foodorder.service.secrets;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * No service has a database password outside the 'local' profile, so one that a deployment forgot would
 * otherwise surface as a refused login, or as a service that starts and fails at its first query. Start-up
 * fails instead, before any connection is tried, with a report that names the setting.
 */
@AutoConfiguration
@ConditionalOnClass(JdbcConnectionDetails.class)
public class DatabasePasswordAutoConfiguration {

    /** Static, as post-processors are: created before the other beans, without this configuration's instance. */
    @Bean
    static BeanPostProcessor dataSourcePasswordRequired() {
        return new PasswordRequired.ForDataSource();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(FlywayConnectionDetails.class)
    static class Migrations {

        @Bean
        static BeanPostProcessor flywayPasswordRequired() {
            return new PasswordRequired.ForFlyway();
        }
    }
}
