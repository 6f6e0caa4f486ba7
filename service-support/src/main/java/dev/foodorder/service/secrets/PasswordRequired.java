package dev.foodorder.service.secrets;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Checks the credentials Spring Boot is about to connect with, as its connection details give them: from
 * {@code spring.datasource.*}, or from a connection-details bean (a test's database) that wins over them.
 * The details are created just before the DataSource or Flyway that reads them, and connect to nothing.
 */
final class PasswordRequired {

    private PasswordRequired() {
    }

    /**
     * Missing too: a blank password, and a placeholder that nothing resolved ({@code ${DB_PASSWORD}} with no
     * such variable), which Spring Boot would otherwise send as the password itself.
     */
    static boolean missing(String password) {
        return password == null || password.isBlank() || (password.startsWith("${") && password.endsWith("}"));
    }

    static final class ForDataSource implements BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof JdbcConnectionDetails database && missing(database.getPassword()) && !embedded(database)) {
                throw MissingDatabasePassword.ofDataSource();
            }
            return bean;
        }

        /** An in-memory database (H2, HSQLDB, Derby) has no secret: Spring Boot gives it a blank password itself. */
        private static boolean embedded(JdbcConnectionDetails database) {
            return EmbeddedDatabaseConnection.isEmbedded(database.getDriverClassName(), database.getJdbcUrl());
        }
    }

    /** Flyway connects with credentials of its own only where {@code spring.flyway.user} names a role. */
    static final class ForFlyway implements BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof FlywayConnectionDetails migrations && migrations.getUsername() != null
                    && missing(migrations.getPassword())) {
                throw MissingDatabasePassword.ofFlyway();
            }
            return bean;
        }
    }
}
