package dev.eventgateway.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of the merged config tree, collecting a problem per bad key instead of stopping at the
 * first one. Every problem names the key and the environment variable that overrides it.
 */
final class ConfigReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)", Pattern.CASE_INSENSITIVE);

    private final JsonNode root;
    private final List<String> problems = new ArrayList<>();

    ConfigReader(JsonNode root) {
        this.root = root;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String key, String message) {
        // list entries (webhooks[0].provider) have no environment variable of their own
        problems.add(key.contains("[") ? key + ": " + message
                : key + " (" + ConfigLoader.envName(key) + "): " + message);
    }

    JsonNode node(String key) {
        JsonNode node = root;
        for (String part : key.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    String string(String key) {
        JsonNode node = node(key);
        if (node != null && node.isContainerNode()) {
            problem(key, "must be a single value");
            return null;
        }
        return node == null || node.asText().isBlank() ? null : node.asText().trim();
    }

    int integer(String key, int min, int max) {
        String text = string(key);
        if (text == null) {
            problem(key, "is required");
            return min;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                problem(key, "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            problem(key, "must be a whole number, got '" + text + "'");
            return min;
        }
    }

    boolean bool(String key) {
        String text = string(key);
        if ("true".equalsIgnoreCase(text)) {
            return true;
        }
        if (!"false".equalsIgnoreCase(text)) {
            problem(key, "must be true or false, got '" + text + "'");
        }
        return false;
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 24h}, {@code 1d}. */
    Duration duration(String key) {
        String text = string(key);
        Matcher m = text == null ? null : DURATION.matcher(text);
        if (m == null || !m.matches()) {
            problem(key, "must be a duration like 500ms, 5s, 2m or 24h, got '" + text + "'");
            return Duration.ZERO;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** A JVM memory size ({@code 512m}); returned as the text the JVM expects. */
    String memorySize(String key) {
        String text = string(key);
        if (text == null || !SIZE.matcher(text).matches()) {
            problem(key, "must be a size like 512m or 1g, got '" + text + "'");
            return "512m";
        }
        return text.toLowerCase();
    }

    /** A file path, or null when the key is empty. */
    Path path(String key) {
        String text = string(key);
        return text == null ? null : Path.of(text);
    }

    /** A YAML list of strings, or one string of comma-separated items (as an environment variable gives it). */
    List<String> stringList(String key) {
        JsonNode node = node(key);
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(item -> out.add(item.asText().trim()));
        } else if (node.isValueNode()) {
            for (String item : node.asText().split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        } else {
            problem(key, "must be a list of values");
        }
        return out;
    }

    /** A string-to-string map passed through as it is (e.g. Kafka client properties). */
    Map<String, String> stringMap(String key) {
        JsonNode node = node(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            problem(key, "must be a map of names to values");
            return out;
        }
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
