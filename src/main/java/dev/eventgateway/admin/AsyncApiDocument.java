package dev.eventgateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.EventSchemas;
import dev.eventgateway.event.EventTypes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The AsyncAPI 3.0 document of the topics (DESIGN §4), built from three sources so that it cannot drift from them:
 * <ul>
 *   <li>{@code asyncapi.json} in the jar: the channels (one per topic, addressed with the default prefix
 *       {@value #DEFAULT_PREFIX}), their keys, headers and the messages that are not events;</li>
 *   <li>{@link EventTypes}: one message per type, on the channel of its category and on the unrouted channel;</li>
 *   <li>the JSON Schemas under {@code schemas/} ({@link EventSchemas}): each type's schema, bundled with every schema
 *       it references (JSON Schema 2020-12 bundling: each embedded under {@code $defs} with its own {@code $id}), so
 *       the document needs nothing outside itself.</li>
 * </ul>
 * A type without a schema file gets no message (a contract test fails for it). Built once, at start.
 */
public final class AsyncApiDocument {

    static final String RESOURCE = "asyncapi.json";
    /** The prefix the channel addresses of {@link #RESOURCE} are written with. */
    public static final String DEFAULT_PREFIX = "wa.";
    /** How the document says its payload schemas are JSON Schema 2020-12, not AsyncAPI's own draft-07 dialect. */
    public static final String SCHEMA_FORMAT = "application/schema+json;version=draft-2020-12";
    /** Record types with a schema that are not canonical events. */
    static final List<String> OTHER_SCHEMAS = List.of("notification.template");

    private AsyncApiDocument() {
    }

    /**
     * The document for topics named with this prefix.
     *
     * @throws IllegalStateException when the jar lacks {@link #RESOURCE} or a schema it references
     */
    public static ObjectNode build(String topicPrefix) {
        ObjectNode doc = (ObjectNode) read(RESOURCE);
        ObjectNode channels = (ObjectNode) doc.get("channels");
        channels.forEach(channel -> {
            String address = channel.path("address").asText();
            if (address.startsWith(DEFAULT_PREFIX)) {
                ((ObjectNode) channel).put("address", topicPrefix + address.substring(DEFAULT_PREFIX.length()));
            }
        });
        ObjectNode components = (ObjectNode) doc.get("components");
        ObjectNode schemas = (ObjectNode) components.get("schemas");
        ObjectNode messages = (ObjectNode) components.get("messages");

        for (String type : eventTypes()) {
            if (resourceOf(EventSchemas.id(type)) == null) {
                continue;
            }
            schemas.set(type, payload(EventSchemas.id(type)));
            messages.set(type, message(type));
            ObjectNode ref = EventJson.MAPPER.createObjectNode().put("$ref", "#/components/messages/" + type);
            EventCategory category = EventTypes.categoryOf(type);
            JsonNode own = channels.get(category.topicSuffix());
            if (own != null && category != EventCategory.UNROUTED) {
                ((ObjectNode) own.get("messages")).set(type, ref);
            }
            JsonNode unrouted = channels.get(EventCategory.UNROUTED.topicSuffix());
            if (unrouted != null) {
                ((ObjectNode) unrouted.get("messages")).set(type, ref);
            }
        }
        OTHER_SCHEMAS.forEach(type -> schemas.set(type, payload(EventSchemas.id(type))));
        return doc;
    }

    /** Every canonical type and {@code unknown}, sorted. */
    static List<String> eventTypes() {
        List<String> types = new ArrayList<>(new TreeSet<>(EventTypes.ALL));
        types.add(EventTypes.UNKNOWN);
        return types;
    }

    private static ObjectNode message(String type) {
        ObjectNode message = EventJson.MAPPER.createObjectNode()
                .put("name", type)
                .put("title", type)
                .put("contentType", "application/json");
        JsonNode schema = read(resourceOf(EventSchemas.id(type)));
        if (schema.hasNonNull("description")) {
            message.put("summary", schema.get("description").asText());
        }
        ObjectNode headers = message.putObject("headers");
        ArrayNode allOf = headers.putArray("allOf");
        allOf.addObject().put("$ref", "#/components/schemas/cloudEventHeaders");
        ObjectNode own = allOf.addObject().put("type", "object");
        ObjectNode properties = own.putObject("properties");
        properties.putObject("ce_type").put("type", "string").put("const", type);
        properties.putObject("ce_dataschema").put("type", "string").put("const", EventSchemas.id(type));
        message.putObject("payload").put("$ref", "#/components/schemas/" + type);
        return message;
    }

    /** A multi-format schema object holding the schema with this id, bundled. */
    private static ObjectNode payload(String id) {
        ObjectNode payload = EventJson.MAPPER.createObjectNode().put("schemaFormat", SCHEMA_FORMAT);
        payload.set("schema", bundle(id));
        return payload;
    }

    /** The schema with every schema resource it references, directly or not, embedded under {@code $defs}. */
    static ObjectNode bundle(String id) {
        ObjectNode root = (ObjectNode) read(resourceOf(id));
        Map<String, JsonNode> embedded = new TreeMap<>();
        collect(root, URI.create(id), id, embedded);
        if (!embedded.isEmpty()) {
            ObjectNode defs = root.has("$defs") ? (ObjectNode) root.get("$defs") : root.putObject("$defs");
            embedded.forEach((resourceId, schema) -> defs.set(resourceId.substring(EventSchemas.ID_BASE.length()),
                    schema));
        }
        return root;
    }

    private static void collect(JsonNode node, URI base, String rootId, Map<String, JsonNode> embedded) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, base, rootId, embedded));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual()) {
            URI target = base.resolve(ref.asText());
            String resourceId = target.getScheme() + ":" + target.getSchemeSpecificPart();
            if (!resourceId.equals(base.toString()) && !resourceId.equals(rootId)
                    && !embedded.containsKey(resourceId)) {
                String resource = resourceOf(resourceId);
                if (resource == null) {
                    throw new IllegalStateException("schema " + base + " references " + resourceId
                            + ", which is not one of the gateway's schemas");
                }
                JsonNode schema = read(resource);
                embedded.put(resourceId, schema);
                collect(schema, URI.create(resourceId), rootId, embedded);
            }
        }
        node.properties().forEach(field -> {
            if (!field.getKey().equals("$ref")) {
                collect(field.getValue(), base, rootId, embedded);
            }
        });
    }

    /** The jar resource of a gateway schema id, or null when the id is not one or the jar lacks it. */
    private static String resourceOf(String id) {
        if (!id.startsWith(EventSchemas.ID_BASE)) {
            return null;
        }
        String resource = EventSchemas.RESOURCE_BASE + id.substring(EventSchemas.ID_BASE.length());
        return AsyncApiDocument.class.getClassLoader().getResource(resource) == null ? null : resource;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = AsyncApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks its " + resource);
            }
            return EventJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
