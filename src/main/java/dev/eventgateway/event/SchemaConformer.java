package dev.eventgateway.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds every event's {@code data} to the JSON Schema its type names (the contract, DESIGN §4): whatever a provider
 * sent, a value that does not fit its field's type is converted when that is exact (a numeric string for a number,
 * a number or boolean for a string, "true"/"false" for a boolean) and otherwise left out of {@code data}; each field
 * left out is named in the event's {@code dropped} with the reason. The provider's fragment ({@code raw}) keeps it.
 * <p>
 * What it checks of a schema: {@code type} (also implied by {@code const} and {@code enum}), {@code minimum} and
 * {@code maximum}, {@code minLength}, {@code minItems}, closed objects ({@code additionalProperties: false}) and array
 * items, following {@code $ref} across the schema files; a non-finite number never fits. The normalizers own the
 * rest (required fields, enumerations). Each type's shape is read once from the jar and kept; thread-safe.
 */
public final class SchemaConformer {

    private static final Map<String, Shape> SHAPES = new ConcurrentHashMap<>();
    private static final Map<String, JsonNode> FILES = new ConcurrentHashMap<>();

    private SchemaConformer() {
    }

    /** The event itself when its data fits its schema, else a copy with data conformed and the dropped fields named. */
    public static WebhookEvent conform(WebhookEvent event) {
        Shape shape = SHAPES.computeIfAbsent(event.type(), SchemaConformer::dataShape);
        if (shape.fits(event.data())) {
            return event;
        }
        List<ObjectNode> dropped = new ArrayList<>();
        ObjectNode data = event.data().deepCopy();
        shape.conformObject(data, "data", dropped);
        ArrayNode notes = JsonNodeFactory.instance.arrayNode();
        dropped.forEach(notes::add);
        return new WebhookEvent(event.id(), event.type(), event.provider(), event.webhookUid(), event.senderId(),
                event.businessAccountId(), event.occurredAt(), event.receivedAt(), data, event.raw(),
                notes.isEmpty() ? null : notes);
    }

    private enum Kind { STRING, NUMBER, INTEGER, BOOLEAN, OBJECT, ARRAY, NULL }

    /** What a schema says of one value: its kinds (empty: any), bounds, and for objects and arrays their parts. */
    private static final class Shape {
        final Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        final Map<String, Shape> properties = new LinkedHashMap<>();
        boolean closed;
        BigDecimal minimum;
        BigDecimal maximum;
        int minLength;
        int minItems;
        Shape items;

        /** Whether the value fits, all the way down (the common case: nothing to copy). */
        boolean fits(JsonNode value) {
            if (reason(value) != null) {
                return false;
            }
            if (value.isObject()) {
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    Shape part = properties.get(field.getKey());
                    if (part == null ? closed : !part.fits(field.getValue())) {
                        return false;
                    }
                }
            } else if (value.isArray() && items != null) {
                for (JsonNode element : value) {
                    if (!items.fits(element)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Why the value itself does not fit (not its parts), or null. */
        String reason(JsonNode value) {
            if (value.isNumber() && !Double.isFinite(value.doubleValue()) && !value.isBigInteger()
                    && !value.isBigDecimal()) {
                return "not a finite number";
            }
            Kind kind = kindOf(value);
            if (!kinds.isEmpty() && !kinds.contains(kind)
                    && !(kind == Kind.INTEGER && kinds.contains(Kind.NUMBER))) {
                return "expected " + kinds.iterator().next().name().toLowerCase() + ", got "
                        + kind.name().toLowerCase();
            }
            if (value.isNumber()) {
                BigDecimal number = value.decimalValue();
                if ((minimum != null && number.compareTo(minimum) < 0)
                        || (maximum != null && number.compareTo(maximum) > 0)) {
                    return "out of range";
                }
            }
            if (value.isTextual() && value.asText().length() < minLength) {
                return "shorter than " + minLength + " characters";
            }
            if (value.isArray() && value.size() < minItems) {
                return "fewer than " + minItems + " items";
            }
            return null;
        }

        /** The value converted exactly to a kind the schema allows, or null when there is no exact conversion. */
        JsonNode convert(JsonNode value) {
            JsonNodeFactory json = JsonNodeFactory.instance;
            if (value.isTextual() && (kinds.contains(Kind.NUMBER) || kinds.contains(Kind.INTEGER))) {
                String text = value.asText().trim();
                if (text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                    BigDecimal number = new BigDecimal(text);
                    if (!kinds.contains(Kind.NUMBER)) {
                        try {
                            return json.numberNode(number.toBigIntegerExact());
                        } catch (ArithmeticException notWhole) {
                            return null;
                        }
                    }
                    return json.numberNode(number);
                }
            }
            if (value.isTextual() && kinds.contains(Kind.BOOLEAN)
                    && (value.asText().equals("true") || value.asText().equals("false"))) {
                return json.booleanNode(Boolean.parseBoolean(value.asText()));
            }
            if ((value.isNumber() || value.isBoolean()) && kinds.contains(Kind.STRING)
                    && (!value.isNumber() || value.isIntegralNumber() || value.isBigDecimal()
                    || Double.isFinite(value.doubleValue()))) {
                return json.textNode(value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText());
            }
            return null;
        }

        /** Conforms the object's fields in place; what cannot be conformed is removed and noted. */
        void conformObject(ObjectNode object, String path, List<ObjectNode> dropped) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                Shape part = properties.get(name);
                String at = path + "." + name;
                if (part == null) {
                    if (closed) {
                        object.remove(name);
                        dropped.add(note(at, "not in the schema"));
                    }
                    continue;
                }
                JsonNode conformed = part.conform(object.get(name), at, dropped);
                if (conformed == null) {
                    object.remove(name);
                } else {
                    object.set(name, conformed);
                }
            }
        }

        /** The value conformed, or null when it is dropped (and noted). */
        JsonNode conform(JsonNode value, String path, List<ObjectNode> dropped) {
            String reason = reason(value);
            if (reason != null) {
                JsonNode converted = convert(value);
                if (converted == null || reason(converted) != null) {
                    dropped.add(note(path, reason));
                    return null;
                }
                value = converted;
            }
            if (value.isObject()) {
                conformObject((ObjectNode) value, path, dropped);
            } else if (value.isArray() && items != null) {
                ArrayNode array = (ArrayNode) value;
                for (int i = array.size() - 1; i >= 0; i--) {
                    JsonNode element = items.conform(array.get(i), path + "[" + i + "]", dropped);
                    if (element == null) {
                        array.remove(i);
                    } else {
                        array.set(i, element);
                    }
                }
                if (array.size() < minItems) {
                    dropped.add(note(path, "fewer than " + minItems + " items once its bad items were left out"));
                    return null;
                }
            }
            return value;
        }
    }

    private static ObjectNode note(String path, String reason) {
        return JsonNodeFactory.instance.objectNode().put("field", path).put("reason", reason);
    }

    private static Kind kindOf(JsonNode value) {
        if (value.isTextual()) {
            return Kind.STRING;
        }
        if (value.isIntegralNumber()) {
            return Kind.INTEGER;
        }
        if (value.isNumber()) {
            return Kind.NUMBER;
        }
        if (value.isBoolean()) {
            return Kind.BOOLEAN;
        }
        if (value.isObject()) {
            return Kind.OBJECT;
        }
        if (value.isArray()) {
            return Kind.ARRAY;
        }
        return Kind.NULL;
    }

    /** The shape of {@code data} in the schema of this type (an unknown type, or a missing schema: anything goes). */
    private static Shape dataShape(String type) {
        String file = EventSchemas.RESOURCE_BASE + EventSchemas.version(type) + "/" + type + ".json";
        JsonNode schema = file(file);
        Shape shape = new Shape();
        if (schema != null) {
            read(shape, schema.path("properties").path("data"), file);
        }
        return shape;
    }

    /** Adds what one schema node says to the shape, following {@code $ref} relative to the file it is in. */
    private static void read(Shape shape, JsonNode node, String file) {
        if (node == null || !node.isObject()) {
            return;
        }
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            int hash = ref.indexOf('#');
            String target = hash == 0 ? file : resolve(file, hash < 0 ? ref : ref.substring(0, hash));
            JsonNode root = file(target);
            if (root != null) {
                read(shape, hash < 0 ? root : root.at(ref.substring(hash + 1)), target);
            }
        }
        kinds(shape, node);
        if (node.has("minimum")) {
            shape.minimum = node.get("minimum").decimalValue();
        }
        if (node.has("maximum")) {
            shape.maximum = node.get("maximum").decimalValue();
        }
        shape.minLength = Math.max(shape.minLength, node.path("minLength").asInt(0));
        shape.minItems = Math.max(shape.minItems, node.path("minItems").asInt(0));
        if (node.path("additionalProperties").isBoolean() && !node.get("additionalProperties").asBoolean()) {
            shape.closed = true;
        }
        node.path("properties").properties().forEach(property -> read(
                shape.properties.computeIfAbsent(property.getKey(), name -> new Shape()), property.getValue(), file));
        if (node.has("items") && node.get("items").isObject()) {
            if (shape.items == null) {
                shape.items = new Shape();
            }
            read(shape.items, node.get("items"), file);
        }
    }

    /** The kinds a node allows: its {@code type}, else its {@code const} or {@code enum} values', else its anyOf's. */
    private static void kinds(Shape shape, JsonNode node) {
        Set<Kind> allowed = EnumSet.noneOf(Kind.class);
        JsonNode type = node.get("type");
        if (type != null) {
            (type.isArray() ? type : JsonNodeFactory.instance.arrayNode().add(type))
                    .forEach(t -> allowed.add(Kind.valueOf(t.asText().toUpperCase())));
        } else if (node.has("const")) {
            allowed.add(kindOf(node.get("const")));
        } else if (node.has("enum")) {
            node.get("enum").forEach(v -> allowed.add(kindOf(v)));
        } else if (node.has("anyOf")) {
            for (JsonNode alternative : node.get("anyOf")) {
                Shape one = new Shape();
                kinds(one, alternative);
                if (one.kinds.isEmpty()) {
                    return; // an alternative without a type allows anything
                }
                allowed.addAll(one.kinds);
            }
        }
        if (allowed.isEmpty()) {
            return;
        }
        if (shape.kinds.isEmpty()) {
            shape.kinds.addAll(allowed);
        } else {
            shape.kinds.retainAll(allowed);
        }
    }

    private static String resolve(String file, String relative) {
        String dir = file.substring(0, file.lastIndexOf('/') + 1);
        String path = dir + relative;
        while (path.contains("/../")) {
            path = path.replaceFirst("[^/]+/\\.\\./", "");
        }
        return path;
    }

    private static JsonNode file(String resource) {
        return FILES.computeIfAbsent(resource, name -> {
            try (InputStream in = SchemaConformer.class.getClassLoader().getResourceAsStream(name)) {
                return in == null ? JsonNodeFactory.instance.missingNode() : EventJson.MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("schema " + name + " is not readable", e);
            }
        }).isMissingNode() ? null : FILES.get(resource);
    }
}
