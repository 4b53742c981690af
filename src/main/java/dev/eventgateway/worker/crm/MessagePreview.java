package dev.eventgateway.worker.crm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.worker.EventFields;

/**
 * What an inbox shows for a message: its text; else a media caption or file name, an interactive reply's title, a
 * location's name or address, a reaction's emoji. Null when none of these exists (a sticker, an unsupported type):
 * the message type says what it is.
 */
final class MessagePreview {

    private MessagePreview() {
    }

    static String of(JsonNode data) {
        String text = EventFields.text(data, "text");
        if (text != null) {
            return text;
        }
        JsonNode media = EventFields.object(data, "media");
        JsonNode interactive = EventFields.object(data, "interactive");
        JsonNode location = EventFields.object(data, "location");
        JsonNode reaction = EventFields.object(data, "reaction");
        return firstOf(EventFields.text(media, "caption"), EventFields.text(media, "filename"),
                EventFields.text(interactive, "title"), EventFields.text(location, "name"),
                EventFields.text(location, "address"), EventFields.text(reaction, "emoji"));
    }

    private static String firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
