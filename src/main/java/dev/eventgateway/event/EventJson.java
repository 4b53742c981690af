package dev.eventgateway.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one pre-configured, thread-safe Jackson mapper for events and payloads.
 * <p>
 * It writes plain UTF-8: a character outside the Basic Multilingual Plane (an emoji) is its 4 UTF-8 bytes, not the
 * 12 of two escaped UTF-16 surrogates. Only control characters, the quote and the backslash are escaped, which the
 * provider's JSON had to escape too, so a string is never written longer than it arrived (a lone surrogate, which
 * has no UTF-8 form, stays escaped as it came). That is what keeps an event record within the size that
 * {@code IngressConfig#maxRecordBytes} promises for every admitted body.
 */
public final class EventJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .findAndAddModules()
            .build();

    private EventJson() {
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
