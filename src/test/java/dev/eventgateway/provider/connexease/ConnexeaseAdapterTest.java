package dev.eventgateway.provider.connexease;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.AuthScheme;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.meta.MetaCloudAdapter;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.webhook.Webhook;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnexeaseAdapterTest {

    private final Webhook webhook = Fixtures.connexease();

    @Test
    void bearerTokenAndOptionalHubSignature() {
        MetaCloudAdapter adapter = MetaCloudAdapter.connexease();

        assertThat(adapter.name()).isEqualTo("connexease");
        assertThat(adapter.auth()).isEqualTo(new AuthScheme("X-Hub-Signature-256", "sha256=",
                AuthScheme.TokenPlacement.BEARER,
                new AuthScheme.Credentials(false, true, AuthScheme.SecretSource.PROVIDER)));
    }

    @Test
    void incomingMessageInMetaFormat() {
        List<WebhookEvent> events = Fixtures.normalize(webhook, "connexease/message.json");

        assertThat(events).hasSize(1);
        WebhookEvent event = events.get(0);
        assertThat(event.type()).isEqualTo("message.inbound.text");
        assertThat(event.provider()).isEqualTo("connexease");
        assertThat(event.webhookUid()).isEqualTo(Fixtures.uid("connexease"));
        assertThat(event.senderId()).isEqualTo("973255022542907");
        assertThat(event.businessAccountId()).isEqualTo("773308328526742");
        assertThat(event.dataText("messageId")).isEqualTo("wamid.HBgMOTA1Mzk4NTYzMjEwFQIAEhggM0E1");
        assertThat(event.dataText("from")).isEqualTo("12345678900");
        assertThat(event.dataText("contactName")).isEqualTo("John Doe");
        assertThat(event.dataText("text")).isEqualTo("Hello, I need support.");
        assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochSecond(1772173497L));
        assertThat(event.raw()).isEqualTo(Fixtures.json("connexease/message.json")
                .at("/entry/0/changes/0/value/messages/0"));
    }

    @Test
    void statusAndTemplateInMetaFormat() {
        WebhookEvent status = Fixtures.normalize(webhook, "connexease/status.json").get(0);
        assertThat(status.type()).isEqualTo("message.status.delivered");
        assertThat(status.provider()).isEqualTo("connexease");
        assertThat(status.dataText("recipient")).isEqualTo("12345678900");
        assertThat(status.data().at("/pricing/model").asText()).isEqualTo("PMP");

        WebhookEvent template = Fixtures.normalize(webhook, "connexease/template.json").get(0);
        assertThat(template.type()).isEqualTo("template.status_update");
        assertThat(template.provider()).isEqualTo("connexease");
        assertThat(template.dataText("status")).isEqualTo("APPROVED");
        assertThat(template.data().has("reason")).isFalse();
    }

    @Test
    void sameEventsAsMetaButUnderItsOwnName() {
        WebhookEvent viaConnexease = Fixtures.normalize(webhook, "meta/text-message.json").get(0);
        WebhookEvent viaMeta = Fixtures.normalize(Fixtures.meta(), "meta/text-message.json").get(0);

        assertThat(viaConnexease.provider()).isEqualTo("connexease");
        assertThat(viaConnexease.data()).isEqualTo(viaMeta.data());
        assertThat(viaConnexease.type()).isEqualTo(viaMeta.type());
    }

    @Test
    void refusesWhatIsNotMetaShaped() {
        assertThatThrownBy(() -> Fixtures.normalize(webhook, "whats91/text-inbound.json"))
                .isInstanceOf(InvalidPayloadException.class);
    }
}
