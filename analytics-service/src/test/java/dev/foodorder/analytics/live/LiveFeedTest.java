package dev.foodorder.analytics.live;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fan-out to the pages, without Kafka or HTTP: pages are sinks that keep what they are sent. */
class LiveFeedTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BUFFER = 3;
    private static final int RECENT = 2;
    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

    private final LiveFeed feed = new LiveFeed(properties(), JSON);

    @BeforeEach
    void start() {
        feed.start();
    }

    @AfterEach
    void stop() {
        feed.stop();
    }

    @Test
    void dropsAPageThatFallsTooFarBehindAndKeepsServingTheOthers() {
        var stuck = new Page();
        stuck.stall();
        var keeping = new Page();
        feed.subscribe(stuck);
        feed.subscribe(keeping);

        for (int offset = 0; offset < BUFFER + 3; offset++) {
            feed.publish(record("orders", 0, offset, START.plusSeconds(offset)), null);
            var sent = offset + 1;
            await().atMost(EventStream.PATIENCE).until(() -> keeping.offsets().size() == sent);
        }

        assertThat(feed.subscribers()).as("pages still served").isEqualTo(1);
        stuck.resume();
        await().atMost(EventStream.PATIENCE).until(() -> stuck.completed);
        assertThat(stuck.offsets()).as("sent to the stalled page").hasSizeLessThan(BUFFER + 3);
        assertThat(keeping.offsets()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(keeping.completed).isFalse();
    }

    @Test
    void showsANewPageTheLatestRecordsOfEachPartitionOldestFirst() {
        feed.publish(record("orders", 0, 10, START), null);
        feed.publish(record("orders", 0, 11, START.plusSeconds(2)), null);
        feed.publish(record("inventory", 3, 7, START.plusSeconds(3)), null);
        feed.publish(record("orders", 0, 12, START.plusSeconds(4)), null);

        var page = new Page();
        feed.subscribe(page);

        await().atMost(EventStream.PATIENCE).until(() -> page.offsets().size() == 3);
        assertThat(page.offsets()).as("the latest %d of each partition, oldest first", RECENT).containsExactly(11L, 7L, 12L);
    }

    @Test
    void showsANewPageTheLatestDeadLettersAndLagAfterTheRecords() {
        var parked = record("orders.DLT", 1, 3, START);
        feed.publish(parked, new DeadLetter("orders.DLT", 1, 3, "k", null, START, "java.lang.IllegalStateException",
                "broken", "orders", 1, 99L, "notification-service"));
        feed.publish(new ConsumerLag(List.of(new ConsumerLag.Group("order-service", 4,
                List.of(new ConsumerLag.Partition("inventory", 0, 6, 10, 4))))));

        var page = new Page();
        feed.subscribe(page);

        await().atMost(EventStream.PATIENCE).until(() -> page.events.size() == 3);
        assertThat(page.events).extracting(LiveEvent::name).containsExactly("record", "dead-letter", "lag");
        assertThat(JSON.readTree(page.events.get(1).json()).get("originalOffset").asLong()).isEqualTo(99L);
        assertThat(JSON.readTree(page.events.get(2).json()).get("groups").get(0).get("total").asLong()).isEqualTo(4L);
    }

    @Test
    void forgetsTheLatestRecordsOnceNoPageWatches() {
        var first = new Page();
        var subscriber = feed.subscribe(first);
        feed.publish(record("orders", 0, 10, START), null);
        await().atMost(EventStream.PATIENCE).until(() -> first.offsets().size() == 1);

        assertThat(feed.forgetIfUnwatched()).as("forgot while watched").isFalse();
        feed.leave(subscriber);
        assertThat(feed.forgetIfUnwatched()).as("forgot once unwatched").isTrue();

        var next = new Page();
        feed.subscribe(next);
        feed.publish(record("orders", 0, 11, START.plusSeconds(1)), null);
        await().atMost(EventStream.PATIENCE).until(() -> next.offsets().size() == 1);
        assertThat(next.offsets()).containsExactly(11L);
        assertThat(first.completed).as("the page that left is completed").isTrue();
    }

    @Test
    void refusesAPageBeyondTheLimitAndAnyOnceStopped() {
        for (int i = 0; i < properties().maxSubscribers(); i++) {
            feed.subscribe(new Page());
        }

        assertThat(catchRefusal(() -> feed.subscribe(new Page())).getBody().getDetail()).contains("watching already");
        feed.stop();
        assertThat(catchRefusal(() -> feed.subscribe(new Page())).getBody().getDetail()).contains("shutting down");
    }

    private static StreamUnavailable catchRefusal(Runnable subscribe) {
        try {
            subscribe.run();
        } catch (StreamUnavailable refused) {
            assertThat(refused.getStatusCode().value()).isEqualTo(503);
            assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            return refused;
        }
        throw new AssertionError("The page was not refused");
    }

    private static LiveRecord record(String topic, int partition, long offset, Instant time) {
        return new LiveRecord(topic, partition, offset, "key-" + offset, "food.order.placed.v1", time, "/test", "summary");
    }

    private static LiveProperties properties() {
        return new LiveProperties("http://localhost:8081", "http://localhost:8082", 50, 60, 3, BUFFER, RECENT, 50,
                Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(5), "live-page");
    }

    /** A page that keeps what it is sent, and can be made to stall as a slow network would. */
    private static final class Page implements EventSink {

        final List<LiveEvent> events = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch stalled = new CountDownLatch(0);
        volatile boolean completed;

        void stall() {
            stalled = new CountDownLatch(1);
        }

        void resume() {
            stalled.countDown();
        }

        List<Long> offsets() {
            return events.stream().filter(event -> event.name().equals(LiveEvent.RECORD))
                    .map(event -> JSON.readTree(event.json()).get("offset").asLong()).toList();
        }

        @Override
        public void send(LiveEvent event) {
            try {
                stalled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add(event);
        }

        @Override
        public void heartbeat() {
        }

        @Override
        public void complete() {
            completed = true;
        }
    }
}
