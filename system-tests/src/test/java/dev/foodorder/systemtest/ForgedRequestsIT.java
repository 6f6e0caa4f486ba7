package dev.foodorder.systemtest;

import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.local.DemoTokens;
import dev.foodorder.infrastructure.local.SystemStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static dev.foodorder.systemtest.RunningSystem.ANALYTICS;
import static dev.foodorder.systemtest.RunningSystem.INVENTORY;
import static dev.foodorder.systemtest.RunningSystem.NOTIFICATION;
import static dev.foodorder.systemtest.RunningSystem.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 18: a burst of requests that must all be refused, on every service: without a token, with
 * tokens an attacker would make (expired, of another issuer, signed with another key, a genuine one
 * rewritten), and with a genuine customer token used on another customer's order, notifications and
 * stream, or on staff's endpoints. Every one is answered 401, 403 or 404 as problem+json, and nothing in
 * the books of any service moves: no order, no stock unit, no notification, no record on a topic.
 */
@SystemTest
@Order(18)
@DisplayName("18. Unauthorized and forged requests on every service are refused and change nothing")
class ForgedRequestsIT {

    private static final int ROUNDS = 3;
    private static final String ESPRESSO = "{\"items\": [{\"sku\": \"espresso\", \"quantity\": 1}]}";

    private final RunningSystem system;

    ForgedRequestsIT(RunningSystem system) {
        this.system = system;
    }

    @Test
    void everyForgedOrUnauthorizedRequestIsRefusedAndChangesNothing() throws SQLException {
        var scenario = Scenario.begin(system, 18, "Unauthorized and forged requests").stockUp(1000, 10);
        var tokens = system.tokens();
        var bobs = placeAsBob(tokens);
        scenario.placed(bobs, "c-43", Map.of("espresso", 1));
        ForgedTokens forged;
        try (var identity = system.connectTo(SystemStack.IDENTITY)) {
            forged = ForgedTokens.withTheKeyOf(identity, system.issuer());
        }
        var ada = tokens.bearer(DemoTokens.ADA);
        var attempts = new ArrayList<Attempt>();
        for (var caller : Map.<String, Supplier<String>>of(
                "no token", () -> null,
                "an expired token", () -> "Bearer " + forged.expired(),
                "a token of another issuer", () -> "Bearer " + forged.fromAnotherIssuer(),
                "a token signed with another key", () -> "Bearer " + forged.signedWithAnotherKey(),
                "a customer's token rewritten as staff's", () -> "Bearer " + forged.rewritten(ada.substring("Bearer ".length())),
                "not a token", () -> "Bearer not.a.token").entrySet()) {
            everyEndpoint(bobs).forEach(request -> attempts.add(new Attempt(caller.getKey(), caller.getValue().get(), request, 401)));
        }
        attempts.addAll(adaOnBobsAndStaffs(ada, bobs));
        var books = new StillBooks(system, List.of(Topics.ORDERS, Topics.INVENTORY, Topics.CUSTOMERS));
        var before = books.awaitStill();

        var answers = sendAll(attempts);

        var wrong = answers.stream().filter(answer -> !answer.asExpected()).map(Answer::toString).toList();
        scenario.note("%d requests (%d rounds of %d), refused: %s", answers.size(), ROUNDS, attempts.size(),
                answers.stream().collect(Collectors.groupingBy(answer -> answer.response().status(), TreeMap::new, Collectors.counting())));
        assertThat(wrong).as("requests not answered with the expected 4xx and problem+json").isEmpty();
        books.assertUnmovedFrom(before);
        assertThat(system.orders().get(bobs).status()).as("bob's order").isEqualTo("CONFIRMED");
        scenario.assertBooksBalance(Duration.ofMinutes(1));
    }

    /** Bob's order, placed with his own token and no customer named in the body, as a customer's app would. */
    private UUID placeAsBob(DemoTokens tokens) {
        var placed = system.orders().http().as(() -> tokens.bearer(DemoTokens.BOB)).post("/api/orders", "application/json", ESPRESSO,
                "Prefer", "wait=10");
        assertThat(placed.status()).as("bob's order: %s", placed).isEqualTo(201);
        assertThat(placed.json().get("customerId").asString()).isEqualTo("c-43");
        return UUID.fromString(placed.json().get("orderId").asString());
    }

    private static List<Request> everyEndpoint(UUID bobs) {
        return List.of(
                new Request(ORDER, "POST", "/api/orders", ESPRESSO),
                new Request(ORDER, "GET", "/api/orders", null),
                new Request(ORDER, "GET", "/api/orders/" + bobs, null),
                new Request(ORDER, "POST", "/api/orders/" + bobs + "/cancel", ""),
                new Request(INVENTORY, "POST", "/api/inventory/espresso/restock", "{\"quantity\": 10000}"),
                new Request(INVENTORY, "GET", "/api/inventory", null),
                new Request(INVENTORY, "POST", "/api/dead-letters/replay", ""),
                new Request(NOTIFICATION, "GET", "/api/notifications?customerId=c-43", null),
                new Request(NOTIFICATION, "GET", "/api/notifications/stream?customerId=c-43", null),
                new Request(ANALYTICS, "GET", "/api/analytics/figures", null));
    }

    /** Ada's genuine token, on what is bob's (404 for one of his orders, 403 for a list of his) or staff's (403). */
    private static List<Attempt> adaOnBobsAndStaffs(String ada, UUID bobs) {
        var asAda = "ada's token";
        return List.of(
                new Attempt(asAda, ada, new Request(ORDER, "POST", "/api/orders",
                        "{\"customerId\": \"c-43\", \"items\": [{\"sku\": \"espresso\", \"quantity\": 1}]}"), 403),
                new Attempt(asAda, ada, new Request(ORDER, "POST", "/api/orders",
                        "{\"customerEmail\": \"someone@example.org\", \"items\": [{\"sku\": \"espresso\", \"quantity\": 1}]}"), 403),
                new Attempt(asAda, ada, new Request(ORDER, "GET", "/api/orders?customerId=c-43", null), 403),
                new Attempt(asAda, ada, new Request(ORDER, "GET", "/api/orders/" + bobs, null), 404),
                new Attempt(asAda, ada, new Request(ORDER, "GET", "/api/orders/" + bobs + "?wait=1", null), 404),
                new Attempt(asAda, ada, new Request(ORDER, "POST", "/api/orders/" + bobs + "/cancel", ""), 404),
                new Attempt(asAda, ada, new Request(NOTIFICATION, "GET", "/api/notifications?customerId=c-43", null), 403),
                new Attempt(asAda, ada, new Request(NOTIFICATION, "GET", "/api/notifications/stream?customerId=c-43", null), 403),
                new Attempt(asAda, ada, new Request(INVENTORY, "POST", "/api/inventory/espresso/restock", "{\"quantity\": 10000}"), 403),
                new Attempt(asAda, ada, new Request(INVENTORY, "GET", "/api/inventory", null), 403),
                new Attempt(asAda, ada, new Request(ORDER, "POST", "/api/dead-letters/replay", ""), 403),
                new Attempt(asAda, ada, new Request(ANALYTICS, "GET", "/api/analytics/figures", null), 403));
    }

    private List<Answer> sendAll(List<Attempt> attempts) {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<java.util.concurrent.Future<Answer>>();
            for (int round = 0; round < ROUNDS; round++) {
                attempts.forEach(attempt -> futures.add(threads.submit(() -> new Answer(attempt, send(attempt)))));
            }
            return futures.stream().map(future -> {
                try {
                    return future.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    private Http.Response send(Attempt attempt) {
        var request = attempt.request();
        var http = system.http(request.service()).as(attempt.authorization() == null ? null : attempt::authorization);
        return request.body() == null
                ? http.get(request.path())
                : http.post(request.path(), "application/json", request.body());
    }

    private record Request(String service, String method, String path, String body) {
    }

    private record Attempt(String caller, String authorization, Request request, int expectedStatus) {
    }

    private record Answer(Attempt attempt, Http.Response response) {

        boolean asExpected() {
            return response.status() == attempt.expectedStatus() && response.isProblem();
        }

        @Override
        public String toString() {
            return "%s with %s %s %s: %s".formatted(attempt.caller(), attempt.request().method(), attempt.request().service(),
                    attempt.request().path(), response);
        }
    }
}
