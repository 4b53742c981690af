package dev.eventgateway.worker.templates;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.storage.templates.OutboxEntry;
import dev.eventgateway.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateNotificationsTest {

    private final TemplateOpsProcessor processor = new TemplateOpsProcessor(true, () -> { }, Clock.systemUTC());

    private TemplateOpsProcessor.Change change(String fixture) {
        WebhookEvent event = Fixtures.normalize(Fixtures.webhook("meta"), fixture).get(0);
        return processor.prepare(event);
    }

    @ParameterizedTest
    @CsvSource({
            "template.status_update, APPROVED, INFO",
            "template.status_update, REINSTATED, INFO",
            "template.status_update, REJECTED, WARNING",
            "template.status_update, FLAGGED, WARNING",
            "template.status_update, SOMETHING_NEW, WARNING",
            "template.status_update, PAUSED, CRITICAL",
            "template.status_update, DISABLED, CRITICAL",
            "template.quality_update, RED, WARNING",
            "template.quality_update, GREEN, INFO",
            "template.category_update, MARKETING, INFO"})
    void severityFollowsWhatTheChangeMeansForSending(String type, String status, Severity expected) {
        assertThat(Severity.of(type, status)).isEqualTo(expected);
    }

    @Test
    void anEditIsKeptWithItsComponentsAndChangesNoStatus() {
        TemplateOpsProcessor.Change change = change("meta/template-components-update.json");

        assertThat(change.event().status()).isNull();
        assertThat(change.event().newStatus()).isNull();
        assertThat(change.event().newQuality()).isNull();
        assertThat(change.event().newCategory()).isNull();
        assertThat(change.event().details().get("header").asText()).isEqualTo("Your order is confirmed!");
        assertThat(change.notification().severity()).isEqualTo("info");
        assertThat(change.notification().title()).isEqualTo("Template order_confirmation (en_US): edited");
        assertThat(change.notification().text()).isEqualTo("order_confirmation (en_US) was edited");
        assertThat(change.notification().payload().get("template").has("status")).isFalse();
    }

    @Test
    void aRejectionSaysWhatAndWhy() {
        TemplateOpsProcessor.Change change = change("meta/template-status-rejected.json");
        OutboxEntry notification = change.notification();

        assertThat(change.event().newStatus()).isEqualTo("REJECTED");
        assertThat(change.event().newCategory()).isEqualTo("MARKETING");
        assertThat(notification.severity()).isEqualTo("warning");
        assertThat(notification.text()).isEqualTo("spring_sale_promo (en_US) is now REJECTED - reason: INVALID_FORMAT");
        assertThat(notification.httpPending()).isTrue();
        JsonNode payload = notification.payload();
        assertThat(payload.get("id").asText()).isEqualTo(TemplateNotifications.id(change.event().eventId()))
                .startsWith("ntf_");
        assertThat(payload.get("type").asText()).isEqualTo(EventTypes.TEMPLATE_STATUS);
        assertThat(payload.get("severity").asText()).isEqualTo("warning");
        assertThat(payload.get("senderId").asText()).isEqualTo(change.event().senderId());
        assertThat(payload.get("template").get("name").asText()).isEqualTo("spring_sale_promo");
        assertThat(payload.get("template").get("reason").asText()).isEqualTo("INVALID_FORMAT");
        assertThat(payload.get("template").get("details").get("rejection_info")).isNotNull();
        assertThat(payload.get("eventId").asText()).isEqualTo(change.event().eventId());
        assertThat(TemplateNotifications.slackText(notification.severity(), notification.text(), "106540352242922"))
                .isEqualTo("[WARNING] spring_sale_promo (en_US) is now REJECTED - reason: INVALID_FORMAT "
                        + "(sender 106540352242922)");
    }

    @Test
    void approvedIsInfoAndDisabledCritical() {
        assertThat(change("meta/template-status-approved.json").notification().severity()).isEqualTo("info");
        assertThat(change("meta/template-status-disabled.json").notification().severity()).isEqualTo("critical");
    }

    @Test
    void qualityAndCategoryChangesUpdateTheirOwnField() {
        TemplateOpsProcessor.Change quality = change("meta/template-quality-update.json");
        assertThat(quality.event().newQuality()).isEqualTo(quality.event().status());
        assertThat(quality.event().newStatus()).isNull();
        assertThat(quality.notification().text()).contains(" quality is now ");

        TemplateOpsProcessor.Change category = change("meta/template-category-update.json");
        assertThat(category.event().newCategory()).isEqualTo(category.event().status());
        assertThat(category.event().newStatus()).isNull();
        assertThat(category.notification().text()).contains(" category is now ");

        TemplateOpsProcessor.Change announced = change("meta/template-category-update-impending.json");
        assertThat(announced.notification().text()).contains(" category changes from ");
        assertThat(announced.event().newCategory()).isEqualTo(announced.event().previous());
    }

    @Test
    void withoutAUrlTheHttpDeliveryIsSkipped() {
        WebhookEvent event = Fixtures.normalize(Fixtures.webhook("meta"), "meta/template-status-approved.json").get(0);
        assertThat(new TemplateOpsProcessor(false, () -> { }, Clock.systemUTC()).prepare(event).notification().httpPending()).isFalse();
    }
}
