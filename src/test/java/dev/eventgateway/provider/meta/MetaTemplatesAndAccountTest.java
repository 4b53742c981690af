package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetaTemplatesAndAccountTest {

    private static WebhookEvent only(String fixture) {
        List<WebhookEvent> events = Fixtures.normalize(Fixtures.meta(), "meta/" + fixture);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void approvedTemplate() {
        WebhookEvent event = only("template-status-approved.json");

        assertThat(event.type()).isEqualTo(EventTypes.TEMPLATE_STATUS);
        assertThat(event.category()).isEqualTo(EventCategory.TEMPLATE);
        assertThat(event.data().toString()).isEqualTo("{\"templateName\":\"payment_reminder_v1\","
                + "\"templateId\":\"1689556908129832\",\"language\":\"en_US\",\"category\":\"UTILITY\","
                + "\"status\":\"APPROVED\"}");
        // no metadata in template changes: the webhook's number
        assertThat(event.senderId()).isEqualTo(Fixtures.senderId("meta"));
        assertThat(event.businessAccountId()).isEqualTo("102290129340398");
        assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochSecond(1739321024L));
        assertThat(event.raw()).isEqualTo(Fixtures.json("meta/template-status-approved.json")
                .at("/entry/0/changes/0/value"));
    }

    @Test
    void rejectedTemplateKeepsReasonAndRejectionInfo() {
        WebhookEvent event = only("template-status-rejected.json");

        assertThat(event.dataText("status")).isEqualTo("REJECTED");
        assertThat(event.dataText("reason")).isEqualTo("INVALID_FORMAT");
        assertThat(event.data().at("/details/rejection_info/recommendation").asText())
                .isEqualTo("Add more text around the parameters.");
    }

    @Test
    void pausedAndDisabledKeepTheirInfoInDetails() {
        WebhookEvent paused = only("template-status-paused.json");
        assertThat(paused.dataText("status")).isEqualTo("PAUSED");
        assertThat(paused.data().has("reason")).isFalse();
        assertThat(paused.data().at("/details/other_info/title").asText()).isEqualTo("FIRST_PAUSE");

        WebhookEvent disabled = only("template-status-disabled.json");
        assertThat(disabled.dataText("status")).isEqualTo("DISABLED");
        assertThat(disabled.data().at("/details/disable_info/disable_date").asText()).isEqualTo("1739927824");
        // the same template, another status: another event
        assertThat(disabled.id()).isNotEqualTo(paused.id());
    }

    @Test
    void qualityUpdateReadsPreviousToNewScore() {
        WebhookEvent event = only("template-quality-update.json");

        assertThat(event.type()).isEqualTo(EventTypes.TEMPLATE_QUALITY);
        assertThat(event.dataText("status")).isEqualTo("YELLOW");
        assertThat(event.dataText("previous")).isEqualTo("GREEN");
        assertThat(event.dataText("templateName")).isEqualTo("payment_reminder_v1");
        assertThat(event.dataText("language")).isEqualTo("en_US");
        assertThat(event.data().has("details")).isFalse();
    }

    @Test
    void completedCategoryChange() {
        WebhookEvent event = only("template-category-update.json");

        assertThat(event.type()).isEqualTo(EventTypes.TEMPLATE_CATEGORY);
        assertThat(event.dataText("category")).isEqualTo("MARKETING");
        assertThat(event.dataText("status")).isEqualTo("MARKETING");
        assertThat(event.dataText("previous")).isEqualTo("UTILITY");
        assertThat(event.data().has("details")).isFalse();
    }

    @Test
    void announcedCategoryChangeIsMarkedPending() {
        WebhookEvent event = only("template-category-update-impending.json");

        assertThat(event.dataText("category")).isEqualTo("UTILITY");
        assertThat(event.dataText("previous")).isEqualTo("UTILITY");
        assertThat(event.dataText("status")).isEqualTo("MARKETING");
        assertThat(event.data().at("/details/pending").asBoolean()).isTrue();
        assertThat(event.data().at("/details/effectiveAt").asText()).isEqualTo("2025-02-20T00:00:00Z");
        assertThat(event.id()).isNotEqualTo(only("template-category-update.json").id());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "account-update.json, account_update, VERIFIED_ACCOUNT, 15550783881",
            "phone-number-quality-update.json, phone_number_quality_update, FLAGGED, 15550783881",
            "phone-number-name-update.json, phone_number_name_update, APPROVED, 15550783881",
            "account-review-update.json, account_review_update, APPROVED, 106540352242922",
            "account-alerts.json, account_alerts, OBA_APPROVED, 106540352242922",
            "security.json, security, PIN_CHANGED, 15550783881"
    })
    void accountFieldsBecomeAccountUpdates(String fixture, String field, String event, String senderId) {
        WebhookEvent update = only(fixture);
        JsonNode value = Fixtures.json("meta/" + fixture).at("/entry/0/changes/0/value");

        assertThat(update.type()).isEqualTo(EventTypes.ACCOUNT_UPDATE);
        assertThat(update.category()).isEqualTo(EventCategory.ACCOUNT);
        assertThat(update.dataText("field")).isEqualTo(field);
        assertThat(update.dataText("event")).isEqualTo(event);
        assertThat(update.data().get("value")).isEqualTo(value);
        assertThat(update.raw()).isEqualTo(value);
        assertThat(update.senderId()).isEqualTo(senderId);
        assertThat(update.businessAccountId()).isEqualTo("102290129340398");
    }

    @Test
    void capabilityUpdateHasNoEventName() {
        WebhookEvent update = only("business-capability-update.json");

        assertThat(update.dataText("field")).isEqualTo("business_capability_update");
        assertThat(update.data().has("event")).isFalse();
        assertThat(update.data().at("/value/max_daily_conversation_per_phone").asInt()).isEqualTo(1000);
        assertThat(update.occurredAt()).isEqualTo(Instant.ofEpochSecond(1739400050L));
    }

    @Test
    void unknownFieldGoesUnroutedWithItsName() {
        WebhookEvent event = only("unknown-field.json");

        assertThat(event.type()).isEqualTo(EventTypes.UNKNOWN);
        assertThat(event.category()).isEqualTo(EventCategory.UNROUTED);
        assertThat(event.dataText("providerEvent")).isEqualTo("field_meta_adds_later");
        assertThat(event.dataText("reason")).isEqualTo("unknown Meta field");
        assertThat(event.raw().get("field").asText()).isEqualTo("field_meta_adds_later");
        assertThat(event.raw().at("/value/field_meta_adds_later/0/id").asText()).isEqualTo("fml.1");
    }

    @Test
    void idsAreStableAndDistinctAcrossTemplateAndAccountEvents() {
        List<String> fixtures = List.of("template-status-approved.json", "template-status-rejected.json",
                "template-quality-update.json", "template-category-update.json", "account-update.json",
                "phone-number-quality-update.json", "account-review-update.json", "unknown-field.json");
        List<String> ids = fixtures.stream().map(f -> only(f).id()).toList();

        assertThat(ids).doesNotHaveDuplicates();
        assertThat(fixtures.stream().map(f -> only(f).id()).toList()).isEqualTo(ids);
    }
}
