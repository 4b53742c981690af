package dev.eventgateway.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.support.EventContract;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.webhook.Webhook;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No input breaks the contract: every fixture of every provider, mutated value by value (types swapped, Meta's
 * placeholders, nulls, numbers beyond any type), still normalizes to records that each validate against the schema
 * their {@code ce_dataschema} header names. Bounded: a fixed-seed sample of each fixture's values.
 */
class SchemaContractPropertyTest {

    /** Values mutated per fixture; every mutation is applied to each. */
    private static final int VALUES_PER_FIXTURE = 10;
    private static final List<String> INVALID_FIXTURES = List.of("meta/invalid-object.json");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<Function<JsonNode, JsonNode>> MUTATIONS = List.of(
            value -> JSON.textNode("<LATITUDE>"),
            value -> JSON.nullNode(),
            value -> JSON.numberNode(new BigDecimal("1e400")),
            value -> JSON.numberNode(new BigInteger("123456789012345678901234567890123456789")),
            value -> value.isTextual() ? JSON.numberNode(12345) : JSON.textNode(value.isNumber() ? "12.5" : "x"),
            value -> value.isContainerNode() ? JSON.textNode("") : (value.isBoolean() ? JSON.numberNode(1)
                    : JSON.booleanNode(true)),
            value -> value.isArray() ? JSON.objectNode().put("a", 1) : JSON.arrayNode().add("a").add(2));

    private final EventContract contract = EventContract.get();

    @Test
    void everyRecordOfEveryMutatedFixtureFollowsTheSchemaItsHeaderNames() {
        Random random = new Random(20261208L);
        List<String> violations = new ArrayList<>();
        int records = 0;
        int bodies = 0;
        for (String provider : Fixtures.PROVIDERS) {
            Webhook webhook = Fixtures.webhook(provider);
            for (String fixture : Fixtures.list(provider)) {
                if (INVALID_FIXTURES.contains(fixture)) {
                    continue;
                }
                JsonNode original = Fixtures.json(fixture);
                List<String> pointers = new ArrayList<>();
                collect(original, "", pointers);
                Collections.shuffle(pointers, random);
                for (String pointer : pointers.subList(0, Math.min(VALUES_PER_FIXTURE, pointers.size()))) {
                    for (Function<JsonNode, JsonNode> mutation : MUTATIONS) {
                        JsonNode mutated = original.deepCopy();
                        replace(mutated, pointer, mutation.apply(mutated.at(pointer)));
                        bodies++;
                        records += check(webhook, fixture + " " + pointer, mutated, violations);
                    }
                }
            }
        }
        assertThat(violations).as("records that break their schema").isEmpty();
        assertThat(bodies).as("mutated bodies").isGreaterThan(3_000);
        assertThat(records).as("records validated").isGreaterThan(bodies / 2);
    }

    @Test
    void aPlaceholderLatitudeIsLeftOutAndNamedAndANumericStringIsConverted() {
        ObjectNode body = (ObjectNode) Fixtures.json("meta/location-message.json");
        ObjectNode location = (ObjectNode) body.at("/entry/0/changes/0/value/messages/0/location");
        location.put("latitude", "<LATITUDE>").put("longitude", "-122.425332");

        WebhookEvent event = Fixtures.normalize(Fixtures.meta(), bytes(body)).get(0);

        contract.check(event);
        assertThat(event.data().at("/location").has("latitude")).isFalse();
        assertThat(event.data().at("/location/longitude").isNumber()).isTrue();
        assertThat(event.data().at("/location/longitude").decimalValue()).isEqualByComparingTo("-122.425332");
        assertThat(event.dropped()).singleElement().satisfies(note -> {
            assertThat(note.path("field").asText()).isEqualTo("data.location.latitude");
            assertThat(note.path("reason").asText()).isEqualTo("expected number, got string");
        });
        assertThat(event.raw().at("/location/latitude").asText()).as("raw keeps it").isEqualTo("<LATITUDE>");
    }

    private int check(Webhook webhook, String where, JsonNode body, List<String> violations) {
        List<WebhookEvent> events;
        try {
            events = Fixtures.normalize(webhook, bytes(body));
        } catch (InvalidPayloadException notTheEnvelope) {
            return 0; // refused with 400: nothing is published
        }
        for (WebhookEvent event : events) {
            String schema = new String(EventHeaders.forEvent(event, "req", null).stream()
                    .filter(h -> h.key().equals(EventHeaders.CE_DATASCHEMA)).findFirst().orElseThrow().value(),
                    StandardCharsets.UTF_8);
            var found = contract.violations(schema, Fixtures.parse(event.toJsonBytes()));
            if (!found.isEmpty() && violations.size() < 20) {
                violations.add(where + " → " + event.type() + ": " + found);
            }
        }
        return events.size();
    }

    private static byte[] bytes(JsonNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** JSON pointers of every value below the root. */
    private static void collect(JsonNode node, String at, List<String> pointers) {
        if (!at.isEmpty()) {
            pointers.add(at);
        }
        if (node.isObject()) {
            node.properties().forEach(field -> collect(field.getValue(),
                    at + "/" + field.getKey().replace("~", "~0").replace("/", "~1"), pointers));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), at + "/" + i, pointers);
            }
        }
    }

    private static void replace(JsonNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String name = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent.isObject()) {
            ((ObjectNode) parent).set(name, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(name), value);
        }
    }
}
