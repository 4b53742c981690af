package dev.eventgateway.provider;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Typed reads of one JSON object of a webhook definition (an admin request body, a config file declaration), each
 * wrong type handed to the problem sink phrased for the caller ({@code retryEnabled must be true or false}). A field
 * given as JSON null reads as absent. Not thread-safe; one per request.
 */
public final class JsonFields {

    private final JsonObject object;
    private final Consumer<String> problems;
    private final boolean scalarText;

    private JsonFields(JsonObject object, Consumer<String> problems, boolean scalarText) {
        this.object = object;
        this.problems = problems;
        this.scalarText = scalarText;
    }

    /** The fields of a JSON request body: every type as JSON has it. */
    public static JsonFields of(JsonObject object, Consumer<String> problems) {
        return new JsonFields(object, problems, false);
    }

    /**
     * The fields of a YAML declaration, where a number or boolean scalar also reads as its text (an unquoted
     * {@code senderId: 973255022542907} is the sender id, not a type error).
     */
    public static JsonFields ofYaml(JsonObject object, Consumer<String> problems) {
        return new JsonFields(object, problems, true);
    }

    /** Notes a problem beside those of wrong types. */
    public void problem(String problem) {
        problems.accept(problem);
    }

    public boolean has(String name) {
        return object.containsKey(name);
    }

    /** Whether the field is present with an explicit JSON null (e.g. {@code "rateLimit": null} clears it). */
    public boolean isNull(String name) {
        return object.containsKey(name) && object.getValue(name) == null;
    }

    /** Every field not in {@code known}, as a problem each. */
    public void rejectUnknown(Set<String> known) {
        for (String name : new TreeSet<>(object.fieldNames())) {
            if (!known.contains(name)) {
                problems.accept("Unknown field: " + name);
            }
        }
    }

    /** A string as given (secrets are not trimmed); blank counts as absent. */
    public String text(String name) {
        Object value = object.getValue(name);
        if (value == null) {
            return null;
        }
        if (scalarText && (value instanceof Number || value instanceof Boolean)) {
            return String.valueOf(value);
        }
        if (!(value instanceof String s)) {
            problems.accept(name + " must be a string");
            return null;
        }
        return s.isBlank() ? null : s;
    }

    public Boolean bool(String name) {
        Object value = object.getValue(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        problems.accept(name + " must be true or false");
        return null;
    }

    public Integer integer(String name) {
        Object value = object.getValue(name);
        if (value == null) {
            return null;
        }
        if ((value instanceof Integer || value instanceof Long) && Math.abs(((Number) value).longValue()) < 1_000_000) {
            return ((Number) value).intValue();
        }
        problems.accept(name + " must be a whole number");
        return null;
    }

    public Double number(String name) {
        Object value = object.getValue(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        problems.accept(name + " must be a number");
        return null;
    }

    /** An array of strings, or null when absent. */
    public List<String> texts(String name) {
        Object value = object.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            problems.accept(name + " must be an array of strings");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String s)) {
                problems.accept(name + " must be an array of strings");
                return null;
            }
            out.add(s.trim());
        }
        return out;
    }

    public JsonFields object(String name) {
        Object value = object.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject nested)) {
            problems.accept(name + " must be an object");
            return null;
        }
        return new JsonFields(nested, problems, scalarText);
    }
}
