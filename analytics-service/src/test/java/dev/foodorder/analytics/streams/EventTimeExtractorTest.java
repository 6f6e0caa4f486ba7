package dev.foodorder.analytics.streams;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

class EventTimeExtractorTest {

    private static final Instant HAPPENED = Instant.parse("2026-11-23T12:00:00.123Z");
    private static final long WRITTEN = HAPPENED.plusSeconds(300).toEpochMilli();
    private static final long PARTITION_TIME = HAPPENED.plusSeconds(600).toEpochMilli();

    private final EventTimeExtractor extractor = new EventTimeExtractor();

    @Test
    void aRecordIsTimedByItsEventNotByWhenItWasWritten() {
        var envelope = EventEnvelope.of("/order-service", anOrder().at(HAPPENED).placed());

        assertThat(extractor.extract(record(envelope, WRITTEN, null), PARTITION_TIME)).isEqualTo(HAPPENED.toEpochMilli());
    }

    @Test
    void aRecordThatCouldNotBeReadIsTimedByItsCeTimeHeader() {
        assertThat(extractor.extract(record(null, WRITTEN, HAPPENED.toString()), PARTITION_TIME)).isEqualTo(HAPPENED.toEpochMilli());
    }

    @Test
    void aRecordWithoutAReadableCeTimeKeepsItsOwnTimestamp() {
        assertThat(extractor.extract(record(null, WRITTEN, "yesterday"), PARTITION_TIME)).isEqualTo(WRITTEN);
        assertThat(extractor.extract(record(null, WRITTEN, null), PARTITION_TIME)).isEqualTo(WRITTEN);
    }

    @Test
    void aRecordWithNoTimeAtAllTakesThePartitionsTime() {
        assertThat(extractor.extract(record(null, -1, null), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    private static ConsumerRecord<Object, Object> record(EventEnvelope value, long timestamp, String ceTime) {
        var headers = new RecordHeaders();
        if (ceTime != null) {
            headers.add(CloudEventHeaders.TIME, ceTime.getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>(Topics.ORDERS, 0, 0, timestamp, TimestampType.CREATE_TIME, 0, 0, "key", value, headers,
                Optional.empty());
    }
}
