package dev.eventgateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/events.md tells the truth: every example record is what the normalizer produces for the fixture it names, and
 * every canonical type is described there. Run with {@code -Devents.doc.write=true} to rewrite the examples from the
 * normalizers after a deliberate change.
 */
class EventsDocTest {

    private static final Path DOC = Path.of("docs/events.md");
    /** A heading {@code ### `type` …}, its {@code From `…/payloads/<fixture>` (message N)?:} line and JSON block. */
    private static final Pattern EXAMPLE = Pattern.compile("### `([^`]+)`[^\\n]*\\n\\nFrom `src/test/resources/"
            + "payloads/([^`]+)`( \\(message (\\d+)\\))?:\\n\\n```json\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void everyExampleIsWhatTheNormalizerProducesForItsFixture() throws IOException {
        String doc = Files.readString(DOC);
        Matcher examples = EXAMPLE.matcher(doc);
        StringBuilder rewritten = new StringBuilder();
        int count = 0;
        while (examples.find()) {
            String type = examples.group(1);
            String fixture = examples.group(2);
            WebhookEvent event = pick(fixture, type, examples.group(4));
            JsonNode expected = EventJson.MAPPER.valueToTree(event);
            if (Boolean.getBoolean("events.doc.write")) {
                String json = EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(event);
                examples.appendReplacement(rewritten, Matcher.quoteReplacement(examples.group(0)
                        .replace(examples.group(5), json)));
            } else {
                assertThat(EventJson.MAPPER.readTree(examples.group(5))).as(type + " from " + fixture)
                        .isEqualTo(expected);
            }
            count++;
        }
        if (Boolean.getBoolean("events.doc.write")) {
            examples.appendTail(rewritten);
            Files.writeString(DOC, rewritten.toString());
        }
        assertThat(count).isGreaterThan(30);
    }

    @Test
    void everyCanonicalTypeIsDescribed() throws IOException {
        String doc = Files.readString(DOC);
        for (String type : EventTypes.ALL) {
            int dot = type.lastIndexOf('.');
            String family = type.substring(0, dot + 1);
            String member = type.substring(dot + 1);
            // either named whole, or as a family: message.inbound.{text,image,…}
            boolean named = doc.contains("`" + type + "`")
                    || Pattern.compile(Pattern.quote(family) + "\\{[^}]*\\b" + Pattern.quote(member) + "\\b")
                    .matcher(doc).find();
            assertThat(named).as(type + " in docs/events.md").isTrue();
        }
    }

    private static WebhookEvent pick(String fixture, String type, String messageNumber) {
        List<WebhookEvent> events = Fixtures.normalize(Fixtures.webhook(fixture.substring(0, fixture.indexOf('/'))),
                fixture);
        if (messageNumber != null) {
            WebhookEvent event = events.get(Integer.parseInt(messageNumber) - 1);
            assertThat(event.type()).as(fixture).isEqualTo(type);
            return event;
        }
        return events.stream().filter(e -> e.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError(fixture + " has no " + type + " event"));
    }
}
