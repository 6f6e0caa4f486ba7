package dev.foodorder.identity.demo;

import dev.foodorder.identity.IdentityServer;
import dev.foodorder.infrastructure.test.Infrastructure;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's accounts and clients exist only where the demo is switched on, and only once. */
class DemoSeedTest {

    @Test
    void demoClientsAreSeededOnceAndOnlyWhenEnabled() {
        var database = Infrastructure.get().newDatabase("demo_seed");

        try (var production = IdentityServer.start(database)) {
            assertThat(clients(production.jdbc())).isEmpty();
            assertThat(accounts(production.jdbc())).isEmpty();
        }

        List<Map<String, Object>> seeded;
        List<Map<String, Object>> seededAccounts;
        try (var demo = IdentityServer.start(database, "identity.demo.enabled=true")) {
            seeded = clients(demo.jdbc());
            assertThat(seeded).extracting(client -> client.get("client_id"))
                    .containsExactly("demo-c-42", "demo-c-43", "demo-staff", "live-page", "swagger-ui");
            assertThat(seeded).extracting(client -> client.get("client_secret")).as("hashed, and none for the public clients")
                    .satisfiesExactly(hashed(), hashed(), hashed(), secret -> assertThat(secret).isNull(),
                            secret -> assertThat(secret).isNull());
            assertThat(accounts(demo.jdbc())).containsExactly(
                    Map.of("username", "ada", "role", "customer", "customer_id", "c-42", "email", "ada@example.org"),
                    Map.of("username", "bob", "role", "customer", "customer_id", "c-43", "email", "bob@example.org"),
                    Map.of("username", "staff", "role", "staff"));
            seededAccounts = accountRows(demo.jdbc());
        }

        try (var restarted = IdentityServer.start(database, "identity.demo.enabled=true")) {
            // The same rows, not even rewritten (xmin): the same ids, issue times and secret hashes, nothing added.
            assertThat(clients(restarted.jdbc())).isEqualTo(seeded);
            assertThat(accountRows(restarted.jdbc())).isEqualTo(seededAccounts);
        }
    }

    private static ThrowingConsumer<Object> hashed() {
        return secret -> assertThat((String) secret).startsWith("{bcrypt}$2");
    }

    private static List<Map<String, Object>> clients(JdbcClient jdbc) {
        return jdbc.sql("SELECT xmin::text AS row_version, * FROM oauth2_registered_client ORDER BY client_id").query().listOfRows();
    }

    private static List<Map<String, Object>> accounts(JdbcClient jdbc) {
        return jdbc.sql("SELECT username, role, customer_id, email FROM account ORDER BY username").query().listOfRows()
                .stream()
                .map(DemoSeedTest::withoutNulls)
                .toList();
    }

    private static List<Map<String, Object>> accountRows(JdbcClient jdbc) {
        return jdbc.sql("SELECT xmin::text AS row_version, * FROM account ORDER BY username").query().listOfRows();
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> row) {
        var present = new LinkedHashMap<String, Object>();
        row.forEach((column, value) -> {
            if (value != null) {
                present.put(column, value);
            }
        });
        return present;
    }
}
