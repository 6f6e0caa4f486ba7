package dev.foodorder.events;

/**
 * Header names of the CloudEvents 1.0 Kafka protocol binding, binary mode: the record value is
 * the event's plain JSON, the attributes travel as UTF-8 string headers. {@link CloudEventAttributes}
 * writes and reads them.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    /** W3C trace context, so that one trace spans HTTP, the broker and every consumer. */
    public static final String TRACEPARENT = "traceparent";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
