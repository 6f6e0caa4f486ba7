package dev.foodorder.inventory;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.infrastructure.test.TopicReader;
import dev.foodorder.messaging.kafka.CloudEventRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static dev.foodorder.infrastructure.test.TopicReader.header;

/** What went over the wire with one's own keys: topics are shared by every test class of the JVM. */
public final class Published {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Published() {
    }

    /** Waits for at least {@code count} records with any of the keys, and returns them in the order they came. */
    public static List<ConsumerRecord<String, String>> records(TopicReader topic, Collection<String> keys, int count) {
        var wanted = Set.copyOf(keys);
        return topic.await(record -> wanted.contains(record.key()) && !isMarker(record), found -> found.size() >= count, TIMEOUT);
    }

    /** Waits for at least {@code count} events with any of the keys, and returns them in the order they came. */
    public static List<IntegrationEvent> events(TopicReader topic, Collection<String> keys, int count) {
        return records(topic, keys, count).stream().map(Published::event).toList();
    }

    public static List<IntegrationEvent> events(TopicReader topic, String key, int count) {
        return events(topic, List.of(key), count);
    }

    /**
     * The {@code ce_type} of every event published with the key so far, in the order they came: all of
     * them, since the marker appended after them has arrived.
     */
    public static List<String> eventTypes(TopicReader topic, String key, Markers markers) {
        var marker = markers.append(key);
        Predicate<ConsumerRecord<String, String>> isThisMarker = record -> marker.equals(header(record, CloudEventHeaders.ID));
        var records = topic.await(record -> key.equals(record.key()), found -> found.stream().anyMatch(isThisMarker), TIMEOUT);
        return records.stream()
                .takeWhile(isThisMarker.negate())
                .filter(record -> !isMarker(record))
                .map(record -> header(record, CloudEventHeaders.TYPE))
                .toList();
    }

    static IntegrationEvent event(ConsumerRecord<String, String> record) {
        return CloudEventRecords
                .read(record.topic(), record.headers(), record.value().getBytes(StandardCharsets.UTF_8))
                .data();
    }

    private static boolean isMarker(ConsumerRecord<String, String> record) {
        return Markers.SOURCE.equals(header(record, CloudEventHeaders.SOURCE));
    }
}
