package dev.eventgateway.publish;

import dev.eventgateway.event.EventSchemas;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka record headers: CloudEvents binary mode for event records ({@code ce_*}, {@code content-type}; {@code
 * ce_dataschema} names the JSON Schema of the record's type and version, {@link EventSchemas}), W3C
 * {@code traceparent} when the request had one, and the gateway's own {@code eg_*} headers.
 */
public final class EventHeaders {

    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_ID = "ce_id";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TIME = "ce_time";
    public static final String CE_DATASCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";
    public static final String TRACEPARENT = "traceparent";
    public static final String REQUEST_ID = "eg_request_id";
    public static final String WEBHOOK_UID = "eg_webhook_uid";
    public static final String PROVIDER = "eg_provider";
    public static final String RECEIVED_AT = "eg_received_at";
    /** On a raw record whose verified body is no payload of its provider: why (the 400's message). */
    public static final String INVALID = "eg_invalid";
    /** On a record the spool's drainer published: when its request was spooled (a second copy may exist). */
    public static final String SPOOLED = "eg_spooled";
    /** Raw-topic headers carrying a stored request header: {@code eg_http_<lowercase name>}. */
    public static final String HTTP_PREFIX = "eg_http_";
    // the same on every event record; kafka-clients only reads a header's bytes, so one instance serves them all
    private static final Header SPECVERSION_1_0 = header(CE_SPECVERSION, "1.0");
    private static final Header JSON_CONTENT = header(CONTENT_TYPE, "application/json");
    // constant per type: built once, so the hot path adds a map lookup and no encoding
    private static final Map<String, Header> DATASCHEMAS = dataschemas();

    private EventHeaders() {
    }

    /** The CloudEvents source of an event: which provider account, through which webhook. */
    public static String source(String provider, String webhookUid) {
        return "/webhooks/" + webhookUid + "?provider=" + provider;
    }

    public static List<Header> forEvent(WebhookEvent event, String requestId, String traceparent) {
        List<Header> headers = new ArrayList<>(9);
        headers.add(SPECVERSION_1_0);
        headers.add(header(CE_ID, event.id()));
        headers.add(header(CE_TYPE, event.type()));
        headers.add(header(CE_SOURCE, source(event.provider(), event.webhookUid())));
        headers.add(header(CE_TIME, event.occurredAt().toString()));
        headers.add(dataschema(event.type()));
        headers.add(JSON_CONTENT);
        headers.add(header(REQUEST_ID, requestId));
        if (traceparent != null) {
            headers.add(header(TRACEPARENT, traceparent));
        }
        return headers;
    }

    public static List<Header> forRaw(IngressBatch batch) {
        List<Header> headers = new ArrayList<>(8 + batch.safeHeaders().size());
        headers.add(header(CONTENT_TYPE, batch.contentType()));
        headers.add(header(WEBHOOK_UID, batch.webhook().uid()));
        headers.add(header(PROVIDER, batch.webhook().provider()));
        headers.add(header(REQUEST_ID, batch.requestId()));
        headers.add(header(RECEIVED_AT, batch.receivedAt().toString()));
        if (batch.traceparent() != null) {
            headers.add(header(TRACEPARENT, batch.traceparent()));
        }
        if (batch.invalidReason() != null) {
            headers.add(header(INVALID, batch.invalidReason()));
        }
        batch.safeHeaders().forEach((name, value) -> headers.add(header(HTTP_PREFIX + name, value)));
        return headers;
    }

    /** The {@code ce_dataschema} header of a record of this type. */
    public static Header dataschema(String type) {
        Header known = DATASCHEMAS.get(type);
        return known != null ? known : header(CE_DATASCHEMA, EventSchemas.id(type));
    }

    private static Map<String, Header> dataschemas() {
        Map<String, Header> headers = new HashMap<>();
        EventTypes.ALL.forEach(type -> headers.put(type, header(CE_DATASCHEMA, EventSchemas.id(type))));
        headers.put(EventTypes.UNKNOWN, header(CE_DATASCHEMA, EventSchemas.id(EventTypes.UNKNOWN)));
        return Map.copyOf(headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
