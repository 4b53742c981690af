package dev.eventgateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.EventSchemas;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.support.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AsyncAPI document is valid AsyncAPI 3.0 (checked against the specification's own JSON Schema, from the
 * {@code @asyncapi/specs} package), every {@code $ref} in it resolves inside it, every topic has a channel and every
 * event type a message whose bundled schema validates real events without anything outside the document.
 */
class AsyncApiDocumentTest {

    private static final String PREFIX = "acme.";
    private final JsonNode document = AsyncApiDocument.build(PREFIX);

    @Test
    void isValidAsyncApi300() throws IOException {
        JsonNode specification;
        try (InputStream in = resource("asyncapi/asyncapi-3.0.0.schema.json")) {
            specification = EventJson.MAPPER.readTree(in);
        }
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(specification,
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

        Set<ValidationMessage> problems = schema.validate(document);

        assertThat(problems).as("AsyncAPI 3.0.0 schema violations").isEmpty();
        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
        ObjectNode broken = document.deepCopy();
        ((ObjectNode) broken.path("channels").path("messages.status")).put("partitionKey", "messageId");
        ((ObjectNode) broken.path("operations").path("write.raw")).put("action", "publish");
        assertThat(schema.validate(broken)).as("the specification's schema does check").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void everyReferenceOfTheDocumentResolvesInsideIt() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, "", refs);
        assertThat(refs).isNotEmpty();
        assertThat(refs).as("references that lead nowhere")
                .filteredOn(ref -> !ref.startsWith("#/") || document.at(ref.substring(1)).isMissingNode())
                .isEmpty();
    }

    @Test
    void everyTopicHasAChannelAddressedWithTheConfiguredPrefix() {
        Set<String> addresses = new TreeSet<>();
        document.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));

        assertThat(addresses).containsExactlyInAnyOrderElementsOf(new Topics(PREFIX).all());
        document.path("channels").forEach(channel -> {
            assertThat(channel.path("description").asText()).as(channel.path("address").asText()).isNotBlank();
            assertThat(channel.path("x-key").path("format").asText()).isNotBlank();
            assertThat(channel.path("x-key").path("keepsInOrder").asText()).isNotBlank();
            assertThat(channel.path("messages").size()).as(channel.path("address").asText()).isPositive();
        });
        assertThat(AsyncApiDocument.build("wa.").path("channels").path("messages.inbound").path("address").asText())
                .isEqualTo("wa.messages.inbound");
    }

    @Test
    void everyEventTypeHasAMessageOnItsOwnChannelAndOnTheUnroutedOne() {
        JsonNode messages = document.path("components").path("messages");
        for (String type : AsyncApiDocument.eventTypes()) {
            assertThat(messages.has(type)).as("a message for " + type).isTrue();
            String ref = "#/components/messages/" + type;
            EventCategory category = EventTypes.categoryOf(type);
            assertThat(document.path("channels").path(category.topicSuffix()).path("messages").path(type)
                    .path("$ref").asText()).as(type + " on its channel").isEqualTo(ref);
            assertThat(document.path("channels").path(EventCategory.UNROUTED.topicSuffix()).path("messages")
                    .path(type).path("$ref").asText()).as(type + " when unrouted").isEqualTo(ref);
            assertThat(messages.path(type).path("headers").path("allOf").get(1).path("properties")
                    .path("ce_dataschema").path("const").asText()).isEqualTo(EventSchemas.id(type));
        }
    }

    @Test
    void theBundledSchemasStandAloneAndValidateRealEvents() {
        // none of the gateway's schema ids may be loaded from anywhere: each must resolve inside the bundle
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.add(new AllowSchemaLoader(
                        iri -> !iri.toString().startsWith(EventSchemas.ID_BASE)))));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        Map<String, JsonSchema> byType = new HashMap<>();
        document.path("components").path("schemas").properties().forEach(entry -> {
            if (AsyncApiDocument.SCHEMA_FORMAT.equals(entry.getValue().path("schemaFormat").asText())) {
                JsonSchema schema = factory.getSchema(entry.getValue().get("schema"), config);
                schema.initializeValidators();
                byType.put(entry.getKey(), schema);
            }
        });
        assertThat(byType.keySet()).containsAll(AsyncApiDocument.eventTypes());

        int checked = 0;
        for (String provider : Fixtures.PROVIDERS) {
            for (String fixture : Fixtures.list(provider)) {
                if (fixture.equals("meta/invalid-object.json")) {
                    continue;
                }
                for (WebhookEvent event : Fixtures.normalize(Fixtures.webhook(provider), fixture)) {
                    JsonNode value = Fixtures.parse(event.toJsonBytes());
                    assertThat(byType.get(event.type()).validate(value)).as(fixture).isEmpty();
                    checked++;
                }
            }
        }
        assertThat(checked).isPositive();
        WebhookEvent text = Fixtures.normalize(Fixtures.meta(), "meta/text-message.json").get(0);
        ObjectNode extra = (ObjectNode) Fixtures.parse(text.toJsonBytes());
        ((ObjectNode) extra.get("data")).put("undeclared", 1);
        assertThat(byType.get(text.type()).validate(extra)).as("the bundle keeps data closed").isNotEmpty();
    }

    @Test
    void theReadablePageNamesEveryChannelAndMessage() throws IOException {
        String page = Files.readString(Path.of("docs/asyncapi.md"));
        JsonNode defaults = AsyncApiDocument.build(AsyncApiDocument.DEFAULT_PREFIX);
        defaults.path("channels").forEach(channel -> assertThat(page).as("docs/asyncapi.md names the channel")
                .contains("`" + channel.path("address").asText() + "`"));
        defaults.path("components").path("messages").fieldNames().forEachRemaining(message ->
                assertThat(page).as("docs/asyncapi.md names the message").contains("`" + message + "`"));
    }

    private static void collectRefs(JsonNode node, String at, List<String> refs) {
        if (node.isObject()) {
            // a bundled JSON Schema resolves its own references by $id; the AsyncAPI-level ones start with #/
            if (node.has("schemaFormat") && AsyncApiDocument.SCHEMA_FORMAT.equals(node.get("schemaFormat").asText())) {
                return;
            }
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), at + "/" + field.getKey(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, at, refs));
        }
    }

    private static InputStream resource(String name) {
        InputStream in = AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("no resource " + name));
        }
        return in;
    }
}
