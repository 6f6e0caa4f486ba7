package dev.foodorder.analytics.live;

import dev.foodorder.infrastructure.test.TestIssuer;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page's connection to {@code /api/live/stream} over real HTTP, read as a browser's EventSource reads
 * it: the events it got, in order, with their data as JSON.
 */
final class EventStream implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Event(String name, JsonNode data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    private EventStream() {
    }

    /** Connects and waits for the stream's first line, by which the service has taken the page on. */
    static EventStream open(HttpClient client, URI uri) throws Exception {
        var stream = new EventStream();
        var request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .header("Authorization", TestIssuer.get().bearerForStaff()).GET().build();
        client.sendAsync(request, response -> {
            stream.status.complete(response.statusCode());
            return HttpResponse.BodySubscribers.fromLineSubscriber(stream.new Lines());
        });
        assertThat(stream.status.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("status").isEqualTo(200);
        stream.connected.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return stream;
    }

    /** The first event of the name whose data matches, waiting for it to come. */
    Event await(String name, Predicate<JsonNode> matching) {
        return Awaitility.await().atMost(PATIENCE)
                .until(() -> find(name, matching), Optional::isPresent).orElseThrow();
    }

    List<Event> events(String name) {
        return events.stream().filter(event -> event.name().equals(name)).toList();
    }

    private Optional<Event> find(String name, Predicate<JsonNode> matching) {
        return events(name).stream().filter(event -> matching.test(event.data())).findFirst();
    }

    @Override
    public void close() {
        var lines = subscription;
        if (lines != null) {
            lines.cancel();
        }
    }

    /** Parses the text/event-stream format: fields until a blank line, comments start with a colon. */
    private final class Lines implements Flow.Subscriber<String> {

        private String name = "message";
        private final StringBuilder data = new StringBuilder();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            EventStream.this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            connected.complete(null);
            if (line.isEmpty()) {
                dispatch();
            } else if (!line.startsWith(":")) {
                var colon = line.indexOf(':');
                var field = colon < 0 ? line : line.substring(0, colon);
                var value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                switch (field) {
                    case "event" -> name = value;
                    case "data" -> data.append(data.isEmpty() ? "" : "\n").append(value);
                    default -> {
                        // id and retry: not used by the page.
                    }
                }
            }
        }

        private void dispatch() {
            if (!data.isEmpty()) {
                events.add(new Event(name, JSON.readTree(data.toString())));
            }
            name = "message";
            data.setLength(0);
        }

        @Override
        public void onError(Throwable throwable) {
            connected.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            connected.complete(null);
        }
    }
}
