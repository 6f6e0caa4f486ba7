package dev.foodorder.systemtest;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Plain HTTP/1.1 to one service on 127.0.0.1, as any client would talk to it: the scenarios use
 * nothing of the services but their public API.
 */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    /** Where the service's actuator answers (probes, metrics): a port of its own. */
    private final URI management;
    /** The {@code Authorization} header's value sent with every request, or null for none. */
    private final Supplier<String> authorization;

    /** A server that asks for no token and has no actuator of its own (the trace server). */
    Http(int port) {
        this(port, port, null);
    }

    Http(int port, int managementPort, Supplier<String> authorization) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.management = URI.create("http://127.0.0.1:" + managementPort);
        this.authorization = authorization;
    }

    /** The same service, as another caller: {@code null} sends no token at all. */
    Http as(Supplier<String> caller) {
        return new Http(base.getPort(), management.getPort(), caller);
    }

    /** A GET of the service's actuator, on its management port, which needs no token. */
    Response actuator(String path) {
        return send(HttpRequest.newBuilder(management.resolve(path)).timeout(REQUEST_TIMEOUT).GET());
    }

    Response get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    Response postJson(String path, Object body, String... headers) {
        return post(path, "application/json", JSON.writeValueAsString(body), headers);
    }

    Response post(String path, String contentType, String body, String... headers) {
        return send(request(path, headers).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A counter of the service's, from its actuator; 0 before it first counts.
     *
     * @param tags {@code key:value} pairs that select the counter's series
     */
    double counter(String name, String... tags) {
        var query = tags.length == 0 ? "" : "?tag=" + String.join("&tag=", tags);
        var response = actuator("/actuator/metrics/" + name + query);
        return response.status() == 200 ? response.json().get("measurements").get(0).get("value").asDouble() : 0;
    }

    /** Any request, with this client's token; the path is relative to the service; a header given replaces the token's. */
    HttpRequest.Builder request(String path, String... headers) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
        if (authorization != null) {
            builder.setHeader("Authorization", authorization.get());
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder;
    }

    Response send(HttpRequest.Builder request) {
        try {
            var response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type"), response.body(),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What became of a request that got no HTTP answer, in a client's words. */
    static String noAnswer(UncheckedIOException failure) {
        return switch (failure.getCause()) {
            case ConnectException refused -> "connection refused";
            case HttpTimeoutException timeout -> "no answer in time";
            default -> "connection closed without an answer";
        };
    }

    record Response(int status, Optional<String> contentType, String body, HttpHeaders headers) {

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The status and the media type, as a tally of answers counts them: "503 application/problem+json". */
        String kind() {
            return status + " " + contentType.map(type -> type.replaceFirst(";.*", "")).orElse("(no content type)");
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        <T> T as(Class<T> type) {
            return JSON.readValue(body, type);
        }

        boolean isProblem() {
            return contentType.filter(type -> type.startsWith("application/problem+json")).isPresent();
        }

        @Override
        public String toString() {
            return status + " " + contentType.orElse("(no content type)") + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }
}
