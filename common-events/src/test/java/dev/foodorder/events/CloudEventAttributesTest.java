package dev.foodorder.events;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventAttributesTest {

    private static final UUID ID = UUID.fromString("0b6c2f8e-8d7a-4f0e-9a51-3c2d1e0f9a8b");
    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final CloudEventAttributes attributes = new CloudEventAttributes(ID, "/order-service", "food.order.placed.v1",
            SampleEvents.AT, SampleEvents.ORDER.toString(), TRACE);

    @Test
    void headersAreTheBindingsStringsInItsOrder() {
        assertThat(attributes.headers()).containsExactly(
                entry("ce_specversion", "1.0"),
                entry("ce_id", ID.toString()),
                entry("ce_source", "/order-service"),
                entry("ce_type", "food.order.placed.v1"),
                entry("ce_time", "2026-11-23T12:00:00.123456Z"),
                entry("ce_subject", SampleEvents.ORDER.toString()),
                entry("content-type", "application/json"),
                entry("traceparent", TRACE));
    }

    @Test
    void anAbsentSubjectOrTraceHasNoHeader() {
        var bare = new CloudEventAttributes(ID, "/order-service", "food.order.placed.v1", SampleEvents.AT, null, null);

        assertThat(bare.headers()).hasSize(6).doesNotContainKeys(CloudEventHeaders.SUBJECT, CloudEventHeaders.TRACEPARENT);
    }

    @Test
    void anEnvelopesHeadersAreItsAttributesWithoutATrace() {
        var envelope = new EventEnvelope(ID, "/order-service", SampleEvents.AT, SampleEvents.all().getFirst());

        var withoutTrace = new LinkedHashMap<>(attributes.headers());
        withoutTrace.remove(CloudEventHeaders.TRACEPARENT);
        assertThat(envelope.headers()).containsExactlyEntriesOf(withoutTrace);
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        Map<String, String> headers = attributes.headers();

        assertThat(CloudEventAttributes.read(headers::get)).isEqualTo(attributes);
        assertThat(CloudEventAttributes.traceparent(headers::get)).isEqualTo(TRACE);
    }

    @Test
    void anotherSpecVersionIsMalformed() {
        var headers = new HashMap<>(attributes.headers());
        headers.put(CloudEventHeaders.SPEC_VERSION, "0.3");

        assertThatThrownBy(() -> CloudEventAttributes.read(headers::get))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("0.3");
    }

    @Test
    void anUnreadableTimeIsMalformed() {
        var headers = new HashMap<>(attributes.headers());
        headers.put(CloudEventHeaders.TIME, "yesterday");

        assertThatThrownBy(() -> CloudEventAttributes.read(headers::get)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aBlankSourceIsMalformed() {
        var headers = new HashMap<>(attributes.headers());
        headers.put(CloudEventHeaders.SOURCE, " ");

        assertThatThrownBy(() -> CloudEventAttributes.read(headers::get))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("source");
    }
}
