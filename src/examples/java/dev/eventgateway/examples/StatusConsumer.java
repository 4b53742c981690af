package dev.eventgateway.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A downstream team's first consumer of the gateway's topics (docs/consumers.md): reads {@code wa.messages.status},
 * checks each record against the JSON Schema its {@code ce_dataschema} header names, drops what it has already seen
 * (by {@code ce_id}: delivery is at least once) and prints the rest, one line per status. Offsets are committed after
 * a poll's records are printed, so a crash re-reads them rather than losing them.
 * <p>
 * Usage: {@code StatusConsumer [bootstrap] [topic] [max-records]}; defaults {@code 127.0.0.1:19092},
 * {@code wa.messages.status}, no limit. The schemas come from the gateway's jar on the class path
 * ({@code schemas/v1/…}), mapped from their ids.
 */
public final class StatusConsumer {

    private static final String SCHEMA_IDS = "https://eventgateway.dev/schemas/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(SCHEMA_IDS, "classpath:schemas/")));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .build();
    private final Map<String, JsonSchema> bySchemaId = new HashMap<>();
    /** The ids of the last 100,000 events: enough to drop the retries a provider or a producer makes. */
    private final Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 100_000;
        }
    });
    private final PrintStream out;
    private int printed;
    private int duplicates;
    private int invalid;

    StatusConsumer(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:19092";
        String topic = args.length > 1 ? args[1] : "wa.messages.status";
        int max = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        new StatusConsumer(System.out).run(bootstrap, topic, "status-printer", max, false);
    }

    /**
     * Reads until {@code max} statuses were printed, or, with {@code untilEnd}, until it has read what the topic held
     * when it started; else for ever.
     *
     * @return how many statuses it printed
     */
    int run(String bootstrap, String topic, String group, int max, boolean untilEnd) {
        Map<String, Object> props = Map.of(
                "bootstrap.servers", bootstrap,
                "group.id", group,
                "auto.offset.reset", "earliest",   // a new group starts at the beginning of the topic
                "enable.auto.commit", "false");    // commit what was handled, not what was fetched
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Map<TopicPartition, Long> end = null;
            while (printed < max) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    handle(record);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
                if (untilEnd && !consumer.assignment().isEmpty()) {
                    end = end != null ? end : consumer.endOffsets(consumer.assignment());
                    if (end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        break;
                    }
                }
            }
        }
        out.printf("printed %d, duplicates %d, invalid %d%n", printed, duplicates, invalid);
        return printed;
    }

    void handle(ConsumerRecord<String, byte[]> record) {
        String id = header(record, "ce_id");
        String schemaId = header(record, "ce_dataschema");
        JsonNode event;
        try {
            event = JSON.readTree(record.value());
        } catch (IOException e) {
            invalid++;
            out.printf("INVALID %d/%d: not JSON%n", record.partition(), record.offset());
            return;
        }
        if (schemaId == null) {
            invalid++;
            out.printf("INVALID %d/%d: no ce_dataschema%n", record.partition(), record.offset());
            return;
        }
        Set<ValidationMessage> problems = schema(schemaId).validate(event);
        if (!problems.isEmpty()) {
            invalid++;
            out.printf("INVALID %d/%d %s: %s%n", record.partition(), record.offset(), schemaId, problems);
            return;
        }
        if (!seen.add(id)) {
            duplicates++;
            return;
        }
        JsonNode data = event.path("data");
        out.printf("%s %s %s key=%s at=%s%s%n", header(record, "ce_type"), data.path("messageId").asText(),
                data.path("status").asText(), record.key(), event.path("occurredAt").asText(),
                data.has("error") ? " error=" + data.get("error") : "");
        printed++;
    }

    private JsonSchema schema(String id) {
        return bySchemaId.computeIfAbsent(id, key -> schemas.getSchema(SchemaLocation.of(key), config));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
