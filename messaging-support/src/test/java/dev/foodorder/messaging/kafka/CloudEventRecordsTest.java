package dev.foodorder.messaging.kafka;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.SampleEvents;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventRecordsTest {

    @Test
    void aRecordCarriesTheEnvelopesHeadersInTheirOrderAsUtf8() {
        var envelope = EventEnvelope.of("/test", SampleEvents.all().getFirst());

        var record = CloudEventRecords.toRecord(envelope);

        assertThat(record.headers().toArray()).extracting(Header::key)
                .containsExactlyElementsOf(envelope.headers().keySet());
        envelope.headers().forEach((name, value) ->
                assertThat(record.headers().lastHeader(name).value()).isEqualTo(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNullValueAddsNoHeader() {
        var values = new LinkedHashMap<String, String>();
        values.put(CloudEventHeaders.SUBJECT, null);
        values.put(CloudEventHeaders.TYPE, "food.order.placed.v1");
        var headers = new RecordHeaders();

        CloudEventRecords.addHeaders(headers, values);

        assertThat(headers.toArray()).extracting(Header::key).containsExactly(CloudEventHeaders.TYPE);
    }

    @Test
    void aDeadLetterCopyKeepsTheHeadersOfTheOriginal() {
        var headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, "the original".getBytes(StandardCharsets.UTF_8));
        var envelope = EventEnvelope.of("/test", SampleEvents.all().getFirst());

        new CloudEventSerializer().serialize("orders", headers, envelope);

        assertThat(headers.headers(CloudEventHeaders.ID)).hasSize(1);
        assertThat(CloudEventRecords.header(headers, CloudEventHeaders.ID)).isEqualTo("the original");
        assertThat(CloudEventRecords.header(headers, CloudEventHeaders.TYPE)).isEqualTo("food.order.placed.v1");
    }

    @Test
    void aRepeatedHeaderReadsAsItsLastValueAndAnEmptyOneAsNone() {
        var headers = new RecordHeaders();
        headers.add("traceparent", "first".getBytes(StandardCharsets.UTF_8));
        headers.add("traceparent", "last".getBytes(StandardCharsets.UTF_8));
        headers.add("traceparent", null);
        headers.add("ce_subject", null);

        var header = CloudEventRecords.lookup(headers);

        assertThat(header.apply("traceparent")).isEqualTo("last");
        assertThat(header.apply("ce_subject")).isNull();
        assertThat(header.apply("ce_id")).isNull();
    }
}
