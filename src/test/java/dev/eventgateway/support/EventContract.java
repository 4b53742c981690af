package dev.eventgateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.EventSchemas;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.publish.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The topics' contract as a test oracle: every event record must name its schema in {@code ce_dataschema} and its
 * value must validate against that schema ({@code src/main/resources/schemas/}, JSON Schema 2020-12, formats
 * asserted). Used by the contract tests on normalizer output and by {@link KafkaProbe} on every record an integration
 * test reads, so no record the gateway produces in a test escapes it. Thread-safe.
 */
public final class EventContract {

    private static final EventContract INSTANCE = new EventContract();

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(EventSchemas.ID_BASE,
                    "classpath:" + EventSchemas.RESOURCE_BASE)));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private EventContract() {
    }

    public static EventContract get() {
        return INSTANCE;
    }

    /** The schema with this id, loaded from the jar's resources (cached). */
    public JsonSchema schema(String id) {
        return schemas.computeIfAbsent(id, key -> {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(key), config);
            schema.initializeValidators(); // resolves every $ref now: a broken one fails here, not half-way
            return schema;
        });
    }

    /** The rules a record value breaks, as readable lines; empty when it follows the schema. */
    public Set<String> violations(String schemaId, JsonNode value) {
        return schema(schemaId).validate(value).stream()
                .map(ValidationMessage::toString)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Checks one event as the gateway writes it: its record value against the schema its type names.
     *
     * @throws AssertionError naming the event and every rule its value breaks
     */
    public void check(WebhookEvent event) {
        byte[] value = event.toJsonBytes();
        String schemaId = EventSchemas.id(event.type());
        Header header = EventHeaders.dataschema(event.type());
        if (!schemaId.equals(new String(header.value(), StandardCharsets.UTF_8))) {
            throw new AssertionError("ce_dataschema of " + event.type() + " is not " + schemaId);
        }
        check(schemaId, event.type(), value, "event " + event.id());
    }

    /**
     * Checks a record read from a topic. A record that carries {@code ce_type} is a CloudEvent the gateway wrote: it
     * must name its schema in {@code ce_dataschema} (the one of its type) and follow it. Records without
     * {@code ce_type} are not events ({@code wa.raw}, or what a test wrote itself) and are left alone.
     *
     * @throws AssertionError naming the record and what is wrong with it
     */
    public void checkRecord(ConsumerRecord<?, byte[]> record) {
        check(record.headers(), record.value(), record.topic() + "/" + record.partition() + "/" + record.offset());
    }

    /** {@link #checkRecord} for a record read with another deserializer. */
    public void check(Headers headers, byte[] value, String where) {
        String type = text(headers.lastHeader(EventHeaders.CE_TYPE));
        if (type == null) {
            return;
        }
        String schemaId = text(headers.lastHeader(EventHeaders.CE_DATASCHEMA));
        if (schemaId == null) {
            throw new AssertionError("record " + where + " (" + type + ") has no " + EventHeaders.CE_DATASCHEMA);
        }
        if (!schemaId.equals(EventSchemas.id(type))) {
            throw new AssertionError("record " + where + " (" + type + ") names " + schemaId + ", not "
                    + EventSchemas.id(type));
        }
        check(schemaId, type, value, "record " + where);
    }

    private void check(String schemaId, String type, byte[] value, String what) {
        JsonNode tree;
        try {
            tree = EventJson.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new AssertionError(what + " (" + type + ") is not JSON", e);
        }
        Set<String> violations = violations(schemaId, tree);
        if (!violations.isEmpty()) {
            throw new AssertionError(what + " (" + type + ") breaks " + schemaId + ":\n  "
                    + String.join("\n  ", violations) + "\nvalue: " + tree);
        }
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
