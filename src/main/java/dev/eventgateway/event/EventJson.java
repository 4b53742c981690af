package dev.eventgateway.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The pre-configured, thread-safe Jackson mappers: {@link #MAPPER} for events (and anything the gateway writes), and
 * {@link #PAYLOAD_MAPPER} for reading what a provider sent.
 * <p>
 * Nesting depth: provider JSON is read to at most {@link #MAX_PAYLOAD_DEPTH} levels, the body and any JSON text
 * inside it alike. An event embeds such JSON below its own levels (the raw fragment, a JSON string read into
 * {@code data}), so events are read and written to {@link #MAX_EVENT_DEPTH} = twice that plus the envelope's own
 * levels: whatever the payload reader admits, the event writer can write and a worker can read back.
 * <p>
 * They write plain UTF-8: a character outside the Basic Multilingual Plane (an emoji) is its 4 UTF-8 bytes, not the
 * 12 of two escaped UTF-16 surrogates. Only control characters, the quote and the backslash are escaped, which the
 * provider's JSON had to escape too, so a string is never written longer than it arrived (a lone surrogate, which
 * has no UTF-8 form, stays escaped as it came). That is what keeps an event record within the size that
 * {@code IngressConfig#maxRecordBytes} promises for every admitted body.
 */
public final class EventJson {

    /** The deepest provider JSON read (Meta's deepest documented payload is about a dozen levels). */
    public static final int MAX_PAYLOAD_DEPTH = 100;
    /** The deepest event read or written: payload JSON, possibly inside payload JSON, inside the envelope. */
    public static final int MAX_EVENT_DEPTH = 2 * MAX_PAYLOAD_DEPTH + 8;

    public static final ObjectMapper MAPPER = mapper(MAX_EVENT_DEPTH);

    /** For provider bodies only: refuses JSON nested deeper than {@link #MAX_PAYLOAD_DEPTH}. */
    public static final ObjectMapper PAYLOAD_MAPPER = mapper(MAX_PAYLOAD_DEPTH);

    private EventJson() {
    }

    private static ObjectMapper mapper(int maxDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_EVENT_DEPTH).build())
                .build();
        return JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .findAndAddModules()
                .build();
    }

    /** The text of a field, or null when the node or field is missing, null, blank or not a scalar. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }
}
