package dev.eventgateway.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.support.EventContract;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.worker.templates.TemplateNotifications;
import dev.eventgateway.worker.templates.TemplateOpsProcessor;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topics' contract (DESIGN §4, §8): every type has a schema, every schema is valid JSON Schema 2020-12 under the id
 * records name, and every event the normalizers make from the fixture corpus of every provider follows its schema. A
 * field a normalizer starts to emit that its schema does not describe, or a value it does not allow, fails here.
 */
class EventContractTest {

    /** Record types that are not canonical events but are still published as CloudEvents with a schema. */
    private static final Set<String> OTHER_RECORD_TYPES = Set.of(TemplateNotifications.CE_TYPE);
    private static final List<String> INVALID_FIXTURES = List.of("meta/invalid-object.json");

    private final EventContract contract = EventContract.get();

    @Test
    void everyTypeHasASchemaThatLoadsWithEveryReferenceResolved() {
        List<String> missing = new ArrayList<>();
        for (String type : everyType()) {
            if (EventContractTest.class.getClassLoader().getResource(EventSchemas.resource(type)) == null) {
                missing.add(type + " (" + EventSchemas.resource(type) + ")");
                continue;
            }
            assertThat(contract.schema(EventSchemas.id(type))).as(type).isNotNull();
        }
        assertThat(missing).as("event types without a schema").isEmpty();
    }

    @Test
    void everySchemaFileIsOfAKnownRecordType() {
        Set<String> types = new TreeSet<>(everyType());
        types.addAll(OTHER_RECORD_TYPES);
        types.add(EventSchemas.ENVELOPE);
        List<String> files = schemaFiles().stream()
                .filter(path -> !path.contains("/"))
                .map(path -> path.substring(0, path.length() - ".json".length()))
                .toList();
        assertThat(files).as("top-level schema files of " + EventSchemas.CURRENT).isNotEmpty()
                .allSatisfy(name -> assertThat(types).as("a schema file names a record type").contains(name));
    }

    @Test
    void everySchemaIsValidJsonSchema202012AndCarriesTheIdRecordsName() {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(SpecVersion.VersionFlag.V202012.getId()));
        for (String path : schemaFiles()) {
            JsonNode schema = Fixtures.parse(read(EventSchemas.RESOURCE_BASE + EventSchemas.CURRENT + "/" + path));
            assertThat(metaSchema.validate(schema)).as(path).isEmpty();
            assertThat(schema.path("$schema").asText()).as(path).isEqualTo(SpecVersion.VersionFlag.V202012.getId());
            assertThat(schema.path("$id").asText()).as(path)
                    .isEqualTo(EventSchemas.ID_BASE + EventSchemas.CURRENT + "/" + path);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
    void everyEventOfEveryFixtureFollowsTheSchemaItsTypeNames(String provider) {
        Webhook webhook = Fixtures.webhook(provider);
        Set<String> typesSeen = new TreeSet<>();
        for (String fixture : Fixtures.list(provider)) {
            if (INVALID_FIXTURES.contains(fixture)) {
                continue;
            }
            for (WebhookEvent event : Fixtures.normalize(webhook, fixture)) {
                contract.check(event);
                typesSeen.add(event.type());
            }
        }
        assertThat(typesSeen).as("the corpus of " + provider + " reaches the schemas").isNotEmpty();
    }

    @Test
    void theCorpusExercisesEverySchema() {
        Set<String> seen = new TreeSet<>();
        for (String provider : Fixtures.PROVIDERS) {
            for (String fixture : Fixtures.list(provider)) {
                if (!INVALID_FIXTURES.contains(fixture)) {
                    Fixtures.normalize(Fixtures.webhook(provider), fixture).forEach(e -> seen.add(e.type()));
                }
            }
        }
        assertThat(seen).as("a schema no fixture exercises is a schema no test checks").containsAll(everyType());
    }

    @Test
    void theNotificationOfEveryTemplateEventOfTheCorpusFollowsItsSchema() {
        TemplateOpsProcessor templateOps = new TemplateOpsProcessor(false, () -> { }, Clock.systemUTC());
        String schemaId = EventSchemas.id(TemplateNotifications.CE_TYPE);
        Set<String> typesSeen = new TreeSet<>();
        for (String provider : Fixtures.PROVIDERS) {
            for (String fixture : Fixtures.list(provider)) {
                if (INVALID_FIXTURES.contains(fixture)) {
                    continue;
                }
                for (WebhookEvent event : Fixtures.normalize(Fixtures.webhook(provider), fixture)) {
                    if (event.category() != EventCategory.TEMPLATE) {
                        continue;
                    }
                    JsonNode payload = templateOps.prepare(event).notification().payload();
                    assertThat(contract.violations(schemaId, payload)).as(fixture + ": " + payload).isEmpty();
                    typesSeen.add(event.type());
                }
            }
        }
        assertThat(typesSeen).as("every template type makes a notification").containsExactlyInAnyOrder(
                EventTypes.TEMPLATE_STATUS, EventTypes.TEMPLATE_QUALITY, EventTypes.TEMPLATE_CATEGORY,
                EventTypes.TEMPLATE_COMPONENTS);
    }

    @Test
    void whats91ObjectsWithFieldsBeyondTheCanonicalOnesStayWithinTheSchemaAndKeepThemInRaw() {
        byte[] image = """
                {"event":"message.inbound.image","senderId":"916268662275","data":{"from":"919888888888",
                 "messageId":"wamid.w91-image","media":{"id":"m1","mimeType":"image/png","mime_type":"image/png",
                 "width":640},"location":{"latitude":"12.5","longitude":77.25,"accuracy":3},
                 "interactive":{"id":"no-kind"},"reaction":{"emoji":"x","messageId":"m0","from":"a"},
                 "timestamp":"2026-06-05T10:30:00.000Z"}}""".getBytes(StandardCharsets.UTF_8);
        byte[] status = """
                {"event":"message.status.sent","senderId":"916268662275","data":{"messageId":"wamid.w91-sent",
                 "recipient":"919888888888","conversation":{"id":"c1","originType":"service","expiresAt":"1749416383",
                 "origin":{"type":"service"}},"pricing":{"billable":true,"model":"PMP","currency":"USD"},
                 "timestamp":"2026-06-05T10:30:00.000Z"}}""".getBytes(StandardCharsets.UTF_8);

        WebhookEvent inbound = Fixtures.normalize(Fixtures.whats91(), image).get(0);
        WebhookEvent sent = Fixtures.normalize(Fixtures.whats91(), status).get(0);

        contract.check(inbound);
        contract.check(sent);
        assertThat(inbound.data().at("/media/id").asText()).isEqualTo("m1");
        assertThat(inbound.data().at("/location/latitude").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(inbound.data().has("interactive")).as("a reply without its kind").isFalse();
        assertThat(inbound.raw().at("/data/media/width").asInt()).isEqualTo(640);
        assertThat(sent.data().at("/conversation/expiresAt").asText()).isEqualTo("2025-06-08T20:59:43Z");
        assertThat(sent.data().at("/pricing").has("currency")).isFalse();
    }

    @Test
    void everyEventRecordNamesTheSchemaOfItsTypeWithOneSharedHeader() {
        WebhookEvent event = Fixtures.normalize(Fixtures.meta(), "meta/text-message.json").get(0);
        Header named = EventHeaders.forEvent(event, "req-1", null).stream()
                .filter(h -> h.key().equals(EventHeaders.CE_DATASCHEMA))
                .findFirst().orElseThrow();
        assertThat(new String(named.value(), StandardCharsets.UTF_8))
                .isEqualTo("https://eventgateway.dev/schemas/v1/message.inbound.text.json");
        for (String type : everyType()) {
            assertThat(EventHeaders.dataschema(type)).as("built once per type").isSameAs(EventHeaders.dataschema(type));
            assertThat(new String(EventHeaders.dataschema(type).value(), StandardCharsets.UTF_8))
                    .isEqualTo(EventSchemas.id(type));
        }
    }

    @Test
    void theSchemasRefuseWhatTheyDoNotDescribe() {
        WebhookEvent text = Fixtures.normalize(Fixtures.meta(), "meta/text-message.json").get(0);
        contract.check(text);

        assertRefused(text, event -> ((ObjectNode) event.get("data")).put("sentiment", "happy"), "sentiment");
        assertRefused(text, event -> ((ObjectNode) event.get("data")).remove("messageId"), "messageId");
        assertRefused(text, event -> ((ObjectNode) event.get("data")).put("messageType", "image"), "messageType");
        assertRefused(text, event -> ((ObjectNode) event).put("occurredAt", "yesterday"), "occurredAt");
        assertRefused(text, event -> ((ObjectNode) event).put("id", "evt_short"), "id");
        assertRefused(text, event -> ((ObjectNode) event).put("provider", "telegram"), "provider");
        assertRefused(text, event -> ((ObjectNode) event).put("traceId", "abc"), "traceId");

        WebhookEvent status = Fixtures.normalize(Fixtures.meta(), "meta/status-sent-cbp.json").get(0);
        contract.check(status);
        assertRefused(status, event -> ((ObjectNode) event.get("data").get("pricing")).put("currency", "USD"),
                "currency");
        assertRefused(status, event -> ((ObjectNode) event.get("data")).put("status", "delivered"), "status");

        JsonNode open = tree(text);
        ((ObjectNode) open.get("raw")).put("a_field_meta_added_today", true);
        assertThat(contract.violations(EventSchemas.id(text.type()), open)).as("raw stays open").isEmpty();
    }

    private void assertRefused(WebhookEvent event, Consumer<JsonNode> change, String field) {
        JsonNode value = tree(event);
        change.accept(value);
        assertThat(contract.violations(EventSchemas.id(event.type()), value)).as("refused: " + field)
                .isNotEmpty()
                .anySatisfy(v -> assertThat(v).contains(field));
    }

    private static JsonNode tree(WebhookEvent event) {
        return Fixtures.parse(event.toJsonBytes());
    }

    /** Every canonical type, and {@code unknown}. */
    static List<String> everyType() {
        List<String> types = new ArrayList<>(new TreeSet<>(EventTypes.ALL));
        types.add(EventTypes.UNKNOWN);
        return types;
    }

    /** Every schema file of the current version, as paths relative to its folder ({@code defs/error.json}, …). */
    private static List<String> schemaFiles() {
        URL url = EventContractTest.class.getClassLoader()
                .getResource(EventSchemas.RESOURCE_BASE + EventSchemas.CURRENT);
        assertThat(url).as("the schema folder").isNotNull();
        try (Stream<Path> files = Files.walk(Path.of(url.toURI()))) {
            Path root = Path.of(url.toURI());
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(String resource) {
        try (var in = EventContractTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
