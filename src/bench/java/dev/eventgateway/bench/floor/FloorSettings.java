package dev.eventgateway.bench.floor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The floor's settings, from its environment (secrets stay out of the command line):
 * {@code FLOOR_PORT}, {@code FLOOR_HOST}, {@code FLOOR_BOOTSTRAP_SERVERS}, {@code FLOOR_TOPIC},
 * {@code FLOOR_EVENT_LOOPS}, {@code FLOOR_KEY} ({@code webhook} or {@code none}), {@code FLOOR_MAX_BODY_BYTES},
 * {@code FLOOR_SECOND_TOPIC} (when set, the body is also written there keyed per request: the Kafka work of the
 * gateway's design, a raw record plus a keyed event record, without the rest of the gateway),
 * {@code FLOOR_WEBHOOKS} = {@code uid|header|prefix|secret} entries separated by commas, {@code FLOOR_PRODUCER} =
 * {@code key=value} producer settings over the gateway's defaults, separated by commas (as the gateway's
 * {@code kafka.producer.*}).
 *
 * @param webhooks each {@code [uid, signature header, signature prefix, secret]}
 */
record FloorSettings(String host, int port, String bootstrapServers, String topic, String secondTopic,
                     int eventLoops, boolean keyByWebhook, long maxBodyBytes, List<List<String>> webhooks,
                     Map<String, String> producer) {

    static FloorSettings fromEnvironment(Map<String, String> env) {
        List<List<String>> webhooks = new ArrayList<>();
        for (String entry : required(env, "FLOOR_WEBHOOKS").split(",")) {
            List<String> parts = Arrays.asList(entry.split("\\|", -1));
            if (parts.size() != 4) {
                throw new IllegalArgumentException("FLOOR_WEBHOOKS entry is not uid|header|prefix|secret");
            }
            webhooks.add(List.copyOf(parts));
        }
        return new FloorSettings(env.getOrDefault("FLOOR_HOST", "127.0.0.1"),
                Integer.parseInt(required(env, "FLOOR_PORT")),
                required(env, "FLOOR_BOOTSTRAP_SERVERS"),
                required(env, "FLOOR_TOPIC"),
                env.get("FLOOR_SECOND_TOPIC"),
                Integer.parseInt(env.getOrDefault("FLOOR_EVENT_LOOPS", "1")),
                !"none".equals(env.getOrDefault("FLOOR_KEY", "none")),
                Long.parseLong(env.getOrDefault("FLOOR_MAX_BODY_BYTES", "4194304")),
                List.copyOf(webhooks), producer(env.getOrDefault("FLOOR_PRODUCER", "")));
    }

    private static Map<String, String> producer(String text) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
