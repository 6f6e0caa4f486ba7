package dev.foodorder.identity.keys;

import com.nimbusds.jose.jwk.JWKSet;
import dev.foodorder.identity.Databases;
import dev.foodorder.identity.IdentityServer;
import dev.foodorder.infrastructure.test.Infrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The signing key is the database's, not an instance's: it outlives a restart and is shared by replicas. */
class SigningKeysTest {

    @Test
    void theSigningKeySurvivesARestartSoOldTokensStillVerify() throws Exception {
        var database = Infrastructure.get().newDatabase("signing_key_restart");
        String token;
        String storedKid;
        try (var first = IdentityServer.start(database, "identity.demo.enabled=true"); var http = first.http()) {
            token = http.accessToken("demo-c-42", "orders:read");
            storedKid = first.jdbc().sql("SELECT kid FROM signing_key").query(String.class).single();
        }

        try (var restarted = IdentityServer.start(database, "identity.demo.enabled=true"); var http = restarted.http()) {
            // Verified against the restarted instance's /oauth2/jwks.
            assertThat(http.verifiedClaims(token).getStringClaim("customer_id")).isEqualTo("c-42");
            assertThat(JWKSet.parse(http.get("/oauth2/jwks").body()).getKeys())
                    .singleElement().satisfies(key -> assertThat(key.getKeyID()).isEqualTo(storedKid));
            assertThat(restarted.jdbc().sql("SELECT count(*) FROM signing_key").query(Long.class).single()).isOne();
        }
    }

    @Test
    void instancesStartingAtOnceAgreeOnOneKey() throws InterruptedException, ExecutionException {
        var dataSource = Databases.migrated("signing_key_race");
        var instances = 8;
        var start = new CountDownLatch(1);
        var kids = new ArrayList<Future<String>>();
        try (var executor = Executors.newFixedThreadPool(instances)) {
            for (int i = 0; i < instances; i++) {
                // Each its own SigningKeys, as each instance of the service has.
                var keys = new SigningKeys(JdbcClient.create(dataSource));
                Callable<String> firstRead = () -> {
                    start.await();
                    return keys.active().getKeyID();
                };
                kids.add(executor.submit(firstRead));
            }
            start.countDown();
        }

        var first = kids.getFirst().get();
        for (var kid : kids) {
            assertThat(kid.get()).isEqualTo(first);
        }
        assertThat(JdbcClient.create(dataSource).sql("SELECT count(*) FROM signing_key").query(Long.class).single()).isOne();
    }
}
