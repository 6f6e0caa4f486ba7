package dev.foodorder.messaging;

import dev.foodorder.infrastructure.Database;
import dev.foodorder.infrastructure.test.Infrastructure;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The support's migrations (0.x) share one Flyway history with each service's own (1, 2, ...): a
 * database a service has run on must still start when the support adds a migration below them.
 */
class MessagingMigrationsTest {

    private static final String MESSAGING = "classpath:db/messaging";
    private static final String SERVICE = "classpath:db/service";

    @Test
    void aDatabaseThatRanTheServiceTakesTheSupportsLaterMigrationsAndStarts() {
        var database = Infrastructure.get().newDatabase("MessagingMigrationsTest");
        // As the release before left it: the support's 0.1 and 0.2, then the service's own (a step that
        // sees only the service's location, so it is told that the support's are not missing).
        configure(database).locations(MESSAGING).target("0.2").load().migrate();
        configure(database).locations(SERVICE).ignoreMigrationPatterns("*:missing").load().migrate();
        var jdbc = jdbc(database);
        appendRow(jdbc, true);
        var waiting = appendRow(jdbc, false);
        assertThatThrownBy(() -> configure(database).locations(MESSAGING, SERVICE).load().migrate())
                .as("Flyway in order").hasMessageContaining("not applied to database: 0.3");

        var result = asTheServiceDoes(database).migrate();

        assertThat(result.migrations).extracting(migration -> migration.version).containsExactly("0.3", "0.4");
        assertThat(outboxColumns(jdbc)).isNotEmpty().doesNotContain("published_at");
        assertThat(jdbc.queryForList("SELECT event_id FROM outbox", UUID.class)).containsExactly(waiting);
    }

    @Test
    void aNewDatabaseTakesEveryMigrationInVersionOrder() {
        var database = Infrastructure.get().newDatabase("MessagingMigrationsTest");

        var result = asTheServiceDoes(database).migrate();

        assertThat(result.migrations).extracting(migration -> migration.version).containsExactly("0.1", "0.2", "0.3", "0.4", "1");
        assertThat(outboxColumns(jdbc(database))).isNotEmpty().doesNotContain("published_at");
    }

    /** Flyway as Spring Boot configures it in a service: its own migrations, then the support's customizer. */
    private static Flyway asTheServiceDoes(Database database) {
        var configuration = configure(database).locations(SERVICE);
        new MessagingAutoConfiguration().messagingMigrations().customize(configuration);
        return configuration.load();
    }

    private static FluentConfiguration configure(Database database) {
        return Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password());
    }

    private static JdbcTemplate jdbc(Database database) {
        return new JdbcTemplate(new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password()));
    }

    /** A row as the relay before 0.3 left it: marked published, or still waiting. */
    private static UUID appendRow(JdbcTemplate jdbc, boolean published) {
        var eventId = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO outbox (event_id, topic, message_key, event_type, source, occurred_at, payload, published_at)
                VALUES (?, 'orders', 'a-key', 'food.order.confirmed.v1', '/test', now(), '{}', CASE WHEN ? THEN now() END)
                """, eventId, published);
        return eventId;
    }

    private static List<String> outboxColumns(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT column_name FROM information_schema.columns WHERE table_name = 'outbox'", String.class);
    }
}
