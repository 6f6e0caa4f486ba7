package dev.foodorder.bench;

import dev.foodorder.infrastructure.local.DemoTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;

/** The services' public HTTP API, as the benchmark uses it. Every call has a timeout. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_PATIENCE = Duration.ofSeconds(60);
    private static final int PAGE = 100;

    private final Stack stack;
    private OrderPoster poster;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    /** The driver signs in once, as staff, who place orders for the customers they name; the token is renewed before it expires. */
    private final DemoTokens tokens;

    Api(Stack stack) {
        this.stack = stack;
        this.tokens = new DemoTokens(stack.identityService().toString());
    }

    /** POST /api/orders, on the driver's cheap keep-alive connections; answers the status and Location, which the driver counts. */
    OrderPoster.Answer place(String body) throws IOException {
        return poster().place(body);
    }

    private synchronized OrderPoster poster() {
        if (poster == null) {
            poster = new OrderPoster(stack.orderService(), tokens::staff);
        }
        return poster;
    }

    /** GET /api/orders/{id}?wait=N: answers as soon as the order is decided, or after N seconds. */
    JsonNode awaitOutcome(UUID orderId, int seconds) throws IOException, InterruptedException {
        var request = asStaff(stack.orderService().resolve("/api/orders/" + orderId + "?wait=" + seconds))
                .timeout(TIMEOUT.plusSeconds(seconds)).build();
        return json(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** GET /api/orders/{id}: the order with its lines and history. */
    JsonNode order(UUID orderId) {
        return json(send(asStaff(stack.orderService().resolve("/api/orders/" + orderId)).timeout(TIMEOUT).build()));
    }

    /** Every order of one customer, page after page. */
    List<JsonNode> ordersOf(String customerId) {
        return pages(stack.orderService(), "/api/orders?customerId=" + encode(customerId), "orders");
    }

    /** Every notification about one customer's orders, page after page. */
    List<JsonNode> notificationsOf(String customerId) {
        return pages(stack.notificationService(), "/api/notifications?customerId=" + encode(customerId), "items");
    }

    /** Stock by sku. */
    Map<String, JsonNode> stock() {
        var stock = new TreeMap<String, JsonNode>();
        pages(stack.inventoryService(), "/api/inventory?", "items").forEach(item -> stock.put(item.get("sku").asString(), item));
        return stock;
    }

    void restock(String sku, int quantity) {
        var request = asStaff(stack.inventoryService().resolve("/api/inventory/" + sku + "/restock"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":" + quantity + "}"))
                .build();
        json(send(request));
    }

    /** A request to a service's API with the driver's staff token. */
    private HttpRequest.Builder asStaff(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", tokens.staff());
    }

    /** One value of a meter from /actuator/metrics (COUNT of a counter, VALUE of a gauge); NaN if unanswered. */
    double metric(URI service, String name, String statistic) {
        var meter = meter(service, name);
        if (meter != null) {
            for (var measurement : meter.get("measurements")) {
                if (measurement.get("statistic").asString().equals(statistic)) {
                    return measurement.get("value").asDouble();
                }
            }
        }
        return Double.NaN;
    }

    /** The values a meter's tag takes, such as the order service's refusal reasons; empty if the service does not answer. */
    List<String> tagValues(URI service, String name, String tag) {
        var values = new ArrayList<String>();
        var meter = meter(service, name);
        if (meter != null) {
            for (var available : meter.get("availableTags")) {
                if (available.get("tag").asString().equals(tag)) {
                    available.get("values").forEach(value -> values.add(value.asString()));
                }
            }
        }
        return values;
    }

    /** A counter's count for each of the given values of one of its tags; NaN for a value whose count it did not give. */
    Map<String, Double> countsByTag(URI service, String name, String tag, List<String> values) {
        var counts = new TreeMap<String, Double>();
        for (var value : values) {
            counts.put(value, metric(service, name + "?tag=" + URLEncoder.encode(tag + ":" + value, StandardCharsets.UTF_8), "COUNT"));
        }
        return counts;
    }

    /** A meter as the actuator's metrics endpoint gives it; null if it does not. */
    private JsonNode meter(URI service, String name) {
        try {
            var request = HttpRequest.newBuilder(service.resolve("/actuator/metrics/" + name))
                    .timeout(Duration.ofMillis(900)).build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private List<JsonNode> pages(URI service, String path, String itemsField) {
        var all = new ArrayList<JsonNode>();
        for (int page = 0; ; page++) {
            var request = asStaff(service.resolve(path + "&size=" + PAGE + "&page=" + page)).timeout(TIMEOUT).build();
            var body = json(send(request));
            body.get(itemsField).forEach(all::add);
            if (page + 1 >= body.get("totalPages").asInt()) {
                return all;
            }
        }
    }

    /**
     * A read is tried again for a minute: a service that was overloaded may still be working off the
     * requests queued in front of it when the run reads its orders back, and giving up then would
     * leave a run without results.
     */
    private HttpResponse<String> send(HttpRequest request) {
        var deadline = System.nanoTime() + READ_PATIENCE.toNanos();
        while (true) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!request.method().equals("GET") || System.nanoTime() > deadline) {
                    throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
                }
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("%s %s answered %d: %s".formatted(response.request().method(),
                    response.request().uri(), response.statusCode(), response.body()));
        }
        return JSON.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
