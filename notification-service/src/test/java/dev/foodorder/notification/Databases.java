package dev.foodorder.notification;

import dev.foodorder.infrastructure.test.Infrastructure;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A fresh database with the service's schema, for tests of its SQL that need no application around it. */
public final class Databases {

    private Databases() {
    }

    public static JdbcClient migrated(String hint) {
        var database = Infrastructure.get().newDatabase(hint);
        var dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/messaging").load().migrate();
        return JdbcClient.create(dataSource);
    }
}
