package dev.eventgateway.provider.whatsable;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.eventgateway.event.EventJson;

import java.io.IOException;

/**
 * WhatsAble's {@code last_messages}: the recent conversation as a JSON array encoded in a string,
 * {@code "[{\"type\":\"user\",\"content\":\"Hello!\",…}]"}. Read element by element, so that a string cut short or
 * broken half-way still yields the elements before the damage: a signed request is never refused for it.
 *
 * @param messages the elements that could be read, in order
 * @param complete false when the string was not a whole JSON array
 */
record WhatsAbleHistory(ArrayNode messages, boolean complete) {

    // element by element, each element is followed by more of the array: not a trailing token
    private static final ObjectReader ELEMENTS =
            EventJson.PAYLOAD_MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static WhatsAbleHistory read(JsonNode lastMessages) {
        ArrayNode out = EventJson.MAPPER.createArrayNode();
        if (lastMessages == null || lastMessages.isNull()) {
            return new WhatsAbleHistory(out, true);
        }
        if (lastMessages.isArray()) {
            // already an array: accepted as it is, should WhatsAble ever stop encoding it
            out.addAll((ArrayNode) lastMessages);
            return new WhatsAbleHistory(out, true);
        }
        if (!lastMessages.isTextual()) {
            return new WhatsAbleHistory(out, false);
        }
        try (JsonParser parser = EventJson.PAYLOAD_MAPPER.createParser(lastMessages.asText())) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return new WhatsAbleHistory(out, false);
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    return new WhatsAbleHistory(out, false);
                }
                JsonNode element = ELEMENTS.readTree(parser);
                out.add(element);
            }
            return new WhatsAbleHistory(out, parser.nextToken() == null);
        } catch (IOException e) {
            return new WhatsAbleHistory(out, false);
        }
    }

    /** The content of the newest element written by the customer ({@code "type":"user"}), or null. */
    String lastUserContent() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            JsonNode content = message.get("content");
            if ("user".equals(message.path("type").asText()) && content != null && content.isTextual()) {
                return content.asText();
            }
        }
        return null;
    }
}
