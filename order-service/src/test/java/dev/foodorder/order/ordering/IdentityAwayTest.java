package dev.foodorder.order.ordering;

import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TestIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A service that cannot fetch the identity service's keys cannot check a token: that is its own trouble,
 * not the caller's, so the answer is 503 with Retry-After (as for a database that is away), and the
 * order is not placed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/oauth2/jwks")
@RealInfrastructure
class IdentityAwayTest {

    @LocalServerPort
    int port;

    @Test
    void aTokenThatCannotBeCheckedIs503WithRetryAfterNot401Or500() {
        RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                .get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, TestIssuer.get().bearerForStaff())
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
