package dev.eventgateway.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of one JSON object of a request, each wrong type noted as a {@link Problems} entry phrased for the
 * caller ({@code retryEnabled must be true or false}). A field given as JSON null reads as absent.
 */
final class JsonFields {

    private final JsonObject object;
    private final Problems problems;

    JsonFields(JsonObject object, Problems problems) {
        this.object = object;
        this.problems = problems;
    }

    boolean has(String name) {
        return object.containsKey(name);
    }

    /** Whether the field is present with an explicit JSON null (e.g. {@code "rateLimit": null} clears it). */
    boolean isNull(String name) {
        return object.containsKey(name) && object.getValue(name) == null;
    }

    /** Every field not in {@code known}, as a problem each. */
    void rejectUnknown(Set<String> known) {
        for (String name : new TreeSet<>(object.fieldNames())) {
            if (!known.contains(name)) {
                problems.add("Unknown field: " + name);
            }
        }
    }

    /** A string as given (secrets are not trimmed); blank counts as absent. */
    String text(String name) {
        Object value = object.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            problems.add(name + " must be a string");
            return null;
        }
        return s.isBlank() ? null : s;
    }

    Boolean bool(String name) {
        Object value = object.getValue(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        problems.add(name + " must be true or false");
        return null;
    }

    Integer integer(String name) {
        Object value = object.getValue(name);
        if (value == null) {
            return null;
        }
        if ((value instanceof Integer || value instanceof Long) && Math.abs(((Number) value).longValue()) < 1_000_000) {
            return ((Number) value).intValue();
        }
        problems.add(name + " must be a whole number");
        return null;
    }

    Double number(String name) {
        Object value = object.getValue(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        problems.add(name + " must be a number");
        return null;
    }

    /** An array of strings, or null when absent. */
    List<String> texts(String name) {
        Object value = object.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            problems.add(name + " must be an array of strings");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String s)) {
                problems.add(name + " must be an array of strings");
                return null;
            }
            out.add(s.trim());
        }
        return out;
    }

    JsonFields object(String name) {
        Object value = object.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject nested)) {
            problems.add(name + " must be an object");
            return null;
        }
        return new JsonFields(nested, problems);
    }
}
