package dev.foodorder.identity;

import dev.foodorder.infrastructure.test.Infrastructure;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;

/** A fresh database with the service's schema, for tests of its SQL that need no application around it. */
public final class Databases {

    private Databases() {
    }

    public static DataSource migrated(String hint) {
        var database = Infrastructure.get().newDatabase(hint);
        var dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }
}
