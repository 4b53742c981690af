package dev.eventgateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.eventgateway.event.EventJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real provider payloads, one per provider and canonical type, shipped in the jar under {@code samples/}. Each use
 * gets fresh message ids and timestamps, so every sample sent is a new event rather than a retry of the last one.
 */
final class SampleBodies {

    /** provider → types with a sample. Kept in step with src/main/resources/samples/ by SampleBodiesTest. */
    static final Map<String, List<String>> AVAILABLE = new TreeMap<>(Map.of(
            "whats91", List.of("message.inbound.text", "message.status.delivered", "message.status.failed",
                    "template.status_update"),
            "whatsable", List.of("message.inbound.text", "message.status.delivered"),
            "connexease", List.of("message.inbound.text", "message.status.delivered"),
            "meta", List.of("message.inbound.text", "message.inbound.image", "message.inbound.audio",
                    "message.inbound.video", "message.inbound.document", "message.inbound.sticker",
                    "message.inbound.location", "message.inbound.contacts", "message.inbound.interactive",
                    "message.inbound.button", "message.inbound.reaction", "message.inbound.order",
                    "message.inbound.system", "message.inbound.unsupported", "message.status.sent",
                    "message.status.delivered", "message.status.read", "message.status.played",
                    "message.status.failed", "template.status_update", "template.quality_update",
                    "template.category_update", "account.update", "template.components_update",
                    "message.outbound.echo.text", "message.history.text", "contact.sync", "contact.preferences_update",
                    "call.connect", "call.terminate", "call.status", "flow.flow_status_change")));

    private static final Pattern WAMID = Pattern.compile("\"(wamid\\.sample-[0-9a-f]+)\"");

    private SampleBodies() {
    }

    /** A fresh sample body, or empty when there is no sample of that type for the provider. */
    static Optional<byte[]> fresh(String provider, String type, Instant now) {
        if (!AVAILABLE.getOrDefault(provider, List.of()).contains(type)) {
            return Optional.empty();
        }
        String resource = "samples/" + provider + "/" + type + ".json";
        try (InputStream in = SampleBodies.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            JsonNode body = EventJson.MAPPER.readTree(in);
            refresh(body, now, UUID.randomUUID().toString().replace("-", ""));
            return Optional.of(EventJson.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample's message id (every wamid in a fresh sample is the same one), or null when it has none. */
    static String messageId(byte[] body) {
        Matcher m = WAMID.matcher(new String(body, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : null;
    }

    /** Replaces message ids and timestamps in place, wherever the providers put them. */
    private static void refresh(JsonNode node, Instant now, String unique) {
        if (node.isArray()) {
            node.forEach(child -> refresh(child, now, unique));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        for (var field : object.properties()) {
            JsonNode value = field.getValue();
            String name = field.getKey();
            if (value.isContainerNode()) {
                refresh(value, now, unique);
            } else if (value.isTextual() && value.asText().startsWith("wamid.")) {
                field.setValue(TextNode.valueOf("wamid.sample-" + unique));
            } else if (name.equals("timestamp") || name.equals("time") || name.equals("user_timestamp")) {
                field.setValue(timestamp(value, now));
            }
        }
    }

    private static JsonNode timestamp(JsonNode old, Instant now) {
        if (old.isNumber()) {
            return EventJson.MAPPER.getNodeFactory().numberNode(now.getEpochSecond());
        }
        String text = old.asText();
        return TextNode.valueOf(text.chars().allMatch(Character::isDigit)
                ? Long.toString(now.getEpochSecond()) : now.toString());
    }
}
