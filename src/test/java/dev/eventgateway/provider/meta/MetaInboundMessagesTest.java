package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetaInboundMessagesTest {

    private static final String CUSTOMER = "16505551234";
    private static final String PHONE_NUMBER_ID = "106540352242922";

    private static WebhookEvent only(String fixture) {
        List<WebhookEvent> events = Fixtures.normalize(Fixtures.meta(), "meta/" + fixture);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "text-message.json, message.inbound.text, text",
            "image-message.json, message.inbound.image, image",
            "audio-message.json, message.inbound.audio, audio",
            "video-message.json, message.inbound.video, video",
            "document-message.json, message.inbound.document, document",
            "sticker-message.json, message.inbound.sticker, sticker",
            "location-message.json, message.inbound.location, location",
            "contacts-message.json, message.inbound.contacts, contacts",
            "interactive-button-reply.json, message.inbound.interactive, interactive",
            "interactive-list-reply.json, message.inbound.interactive, interactive",
            "interactive-nfm-reply.json, message.inbound.interactive, interactive",
            "button-message.json, message.inbound.button, button",
            "reaction-message.json, message.inbound.reaction, reaction",
            "order-message.json, message.inbound.order, order",
            "system-message.json, message.inbound.system, system",
            "unknown-type-message.json, message.inbound.unsupported, poll_creation"
    })
    void mapsEachMessageTypeToItsInboundType(String fixture, String type, String messageType) {
        WebhookEvent event = only(fixture);

        assertThat(event.type()).isEqualTo(type);
        assertThat(event.provider()).isEqualTo("meta");
        assertThat(event.webhookUid()).isEqualTo(Fixtures.uid("meta"));
        assertThat(event.senderId()).isEqualTo(PHONE_NUMBER_ID);
        assertThat(event.businessAccountId()).isEqualTo("102290129340398");
        assertThat(event.dataText("from")).isEqualTo(CUSTOMER);
        assertThat(event.dataText("messageType")).isEqualTo(messageType);
        assertThat(event.dataText("messageId")).startsWith("wamid.");
        assertThat(event.dataText("contactName")).isEqualTo("Sheena Nelson");
    }

    @Test
    void textMessageCarriesBodyTimeAndItsOwnFragmentAsRaw() {
        WebhookEvent event = only("text-message.json");
        JsonNode message = Fixtures.json("meta/text-message.json")
                .at("/entry/0/changes/0/value/messages/0");

        assertThat(event.dataText("text")).isEqualTo("Does it come in another color?");
        assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochSecond(1749416383L));
        assertThat(event.receivedAt()).isEqualTo(Fixtures.RECEIVED_AT);
        assertThat(event.raw()).isEqualTo(message);
        assertThat(event.data().has("media")).isFalse();
    }

    @Test
    void mediaMessagesNormalizeTheirMediaObject() {
        JsonNode image = only("image-message.json").data().get("media");
        assertThat(image.get("id").asText()).isEqualTo("1003383421387256");
        assertThat(image.get("mimeType").asText()).isEqualTo("image/jpeg");
        assertThat(image.get("sha256").asText()).startsWith("f1X2");
        assertThat(image.get("caption").asText()).isEqualTo("Which one fits?");
        assertThat(image.get("url").asText()).startsWith("https://lookaside.fbsbx.com/");

        JsonNode document = only("document-message.json").data().get("media");
        assertThat(document.get("filename").asText()).isEqualTo("invoice-1042.pdf");
        assertThat(document.get("mimeType").asText()).isEqualTo("application/pdf");

        assertThat(only("audio-message.json").data().at("/media/mimeType").asText())
                .isEqualTo("audio/ogg; codecs=opus");
        assertThat(only("video-message.json").data().at("/media/caption").asText()).isEqualTo("Unboxing");
        assertThat(only("sticker-message.json").data().at("/media/mimeType").asText()).isEqualTo("image/webp");
    }

    @Test
    void locationKeepsNumbersAsNumbers() {
        JsonNode location = only("location-message.json").data().get("location");

        assertThat(location.get("latitude").isNumber()).isTrue();
        assertThat(location.get("latitude").asDouble()).isEqualTo(37.483307);
        assertThat(location.get("longitude").asDouble()).isEqualTo(-122.148981);
        assertThat(location.get("name").asText()).isEqualTo("Meta Headquarters");
        assertThat(location.get("address").asText()).isEqualTo("1 Hacker Way, Menlo Park, CA 94025");
    }

    @Test
    void interactiveRepliesGiveKindIdTitleAndContext() {
        WebhookEvent button = only("interactive-button-reply.json");
        assertThat(button.data().get("interactive").toString())
                .isEqualTo("{\"kind\":\"button_reply\",\"id\":\"track_order\",\"title\":\"Track Order\"}");
        assertThat(button.dataText("text")).isEqualTo("Track Order");
        assertThat(button.dataText("contextMessageId"))
                .isEqualTo("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA");

        JsonNode list = only("interactive-list-reply.json").data().get("interactive");
        assertThat(list.get("kind").asText()).isEqualTo("list_reply");
        assertThat(list.get("id").asText()).isEqualTo("priority_express");
        assertThat(list.get("description").asText()).isEqualTo("Next-day delivery in metro areas");

        JsonNode flow = only("interactive-nfm-reply.json").data().get("interactive");
        assertThat(flow.get("kind").asText()).isEqualTo("nfm_reply");
        assertThat(flow.get("id").asText()).isEqualTo("flow");
        assertThat(flow.get("title").asText()).isEqualTo("Sent");
        assertThat(flow.get("responseJson").asText()).contains("\"flow_token\":\"signup-42\"");
    }

    @Test
    void templateButtonGivesTextPayloadAndContext() {
        WebhookEvent event = only("button-message.json");

        assertThat(event.dataText("text")).isEqualTo("Stop promotions");
        assertThat(event.dataText("buttonPayload")).isEqualTo("STOP_PROMOTIONS");
        assertThat(event.dataText("contextMessageId")).isNotBlank();
    }

    @Test
    void reactionNamesTheMessageAndDecodesTheEmoji() {
        JsonNode reaction = only("reaction-message.json").data().get("reaction");

        assertThat(reaction.get("messageId").asText())
                .isEqualTo("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI4RDRBMTVBOEYwQzk2RDM2MEMA");
        assertThat(reaction.get("emoji").asText()).isEqualTo("\uD83D\uDC4D");
    }

    @Test
    void contactsOrderAndSystemKeepTheirUsefulParts() {
        WebhookEvent contacts = only("contacts-message.json");
        assertThat(contacts.data().at("/contacts/0/name/formatted_name").asText()).isEqualTo("Barbara J. Johnson");
        assertThat(contacts.data().at("/contacts/0/phones/0/wa_id").asText()).isEqualTo("19405551234");

        WebhookEvent order = only("order-message.json");
        assertThat(order.data().at("/order/catalog_id").asText()).isEqualTo("194836987003835");
        assertThat(order.data().at("/order/product_items")).hasSize(2);
        assertThat(order.dataText("text")).isEqualTo("Please deliver before Friday");

        WebhookEvent system = only("system-message.json");
        assertThat(system.data().at("/system/type").asText()).isEqualTo("user_changed_number");
        assertThat(system.data().at("/system/waId").asText()).isEqualTo("16505559999");
        assertThat(system.dataText("text")).startsWith("User Sheena Nelson changed");
    }

    @Test
    void metaUnsupportedMessagesAreEventsWithTheirErrors() {
        List<WebhookEvent> events = Fixtures.normalize(Fixtures.meta(), "meta/unsupported-message.json");

        assertThat(events).extracting(WebhookEvent::type)
                .containsExactly("message.inbound.unsupported", "message.inbound.unsupported");
        WebhookEvent edit = events.get(0);
        assertThat(edit.dataText("messageType")).isEqualTo("unsupported");
        assertThat(edit.data().at("/unsupported/type").asText()).isEqualTo("edit");
        assertThat(edit.data().get("errors").toString()).isEqualTo("[{\"code\":\"131051\","
                + "\"title\":\"Message type unknown\",\"message\":\"Message type unknown\","
                + "\"details\":\"Message type is currently not supported.\"}]");
        assertThat(events.get(1).data().at("/errors/0/code").asText()).isEqualTo("131060");
        assertThat(events.get(0).id()).isNotEqualTo(events.get(1).id());
    }

    @Test
    void unknownTypeBecomesUnsupportedButKeepsItsNameAndRaw() {
        WebhookEvent event = only("unknown-type-message.json");

        assertThat(event.type()).isEqualTo("message.inbound.unsupported");
        assertThat(event.dataText("messageType")).isEqualTo("poll_creation");
        assertThat(event.raw().at("/poll_creation/options/1").asText()).isEqualTo("Tacos");
    }

    @Test
    void unknownPropertiesAreIgnoredAndKeptInRaw() {
        WebhookEvent event = only("unknown-properties.json");

        assertThat(event.type()).isEqualTo("message.inbound.text");
        assertThat(event.dataText("text")).isEqualTo("Hi there");
        assertThat(event.dataText("contactName")).isEqualTo("Sheena Nelson");
        assertThat(event.data().has("new_top_level_flag")).isFalse();
        assertThat(event.raw().at("/new_top_level_flag/nested/2").asInt()).isEqualTo(3);
        assertThat(event.raw().at("/text/preview_url_hint").asBoolean()).isTrue();
    }

    @Test
    void escapedAndLiteralUnicodeDecodeAlike() {
        WebhookEvent event = only("text-emoji-escaped-unicode.json");

        assertThat(event.dataText("text")).isEqualTo("Café ☕ and \uD83D\uDE00 / \uD83D\uDE00 on the way");
        assertThat(event.dataText("contactName")).isEqualTo("Renée \uD83C\uDF38");
    }

    @Test
    void idIsStableForTheSameMessageAndDiffersBetweenMessages() {
        String first = only("text-message.json").id();
        String again = only("text-message.json").id();

        assertThat(first).startsWith("evt_").isEqualTo(again);
        assertThat(only("image-message.json").id()).isNotEqualTo(first);
    }
}
