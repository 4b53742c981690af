package dev.eventgateway.provider;

import dev.eventgateway.config.ConfigException;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.webhook.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The config file's webhook declarations, read by the reader the admin API's requests go through. */
class WebhookDefinitionsTest {

    @TempDir
    Path dir;

    @Test
    void declaredWebhooksTakeSecretsFromTheEnvironment() throws IOException {
        Files.writeString(dir.resolve("hooks.yaml"), """
                webhooks:
                  - webhookUid: wh_meta_main
                    provider: whats91
                    senderId: "973255022542907"
                    signingSecret: ${APP_SECRET}
                    verificationToken: ${VERIFY_TOKEN:-fallback-token}
                    events: [message.inbound.text, message.status.delivered]
                """);
        GatewayConfig config = ConfigLoader.load(dir, Map.of("GATEWAY_CONFIG", "hooks.yaml",
                "APP_SECRET", "app-secret-value"));
        List<Webhook> webhooks = WebhookDefinitions.declared(config.webhooks(), Providers.standard());

        assertThat(webhooks).singleElement().satisfies(w -> {
            assertThat(w.uid()).isEqualTo("wh_meta_main");
            assertThat(w.declared()).isTrue();
            assertThat(w.signingSecret().reveal()).isEqualTo("app-secret-value");
            assertThat(w.verificationToken().reveal()).isEqualTo("fallback-token");
            assertThat(w.events()).containsExactlyInAnyOrder("message.inbound.text", "message.status.delivered");
        });
        assertThat(config.toString()).doesNotContain("app-secret-value").doesNotContain("fallback-token");
    }

    @Test
    void badDeclaredWebhooksAreExplained() throws IOException {
        Files.writeString(dir.resolve("hooks.yaml"), """
                webhooks:
                  - webhookUid: wh_one
                    provider: telegram
                    signingSecret: x
                  - webhookUid: wh_two
                    provider: whats91
                    events: [message.invalid]
                  - webhookUid: wh_three
                    provider: whats91
                    signingSecret: s
                    status: paused
                    surprise: true
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> declared(Map.of("GATEWAY_CONFIG", "hooks.yaml")));

        assertThat(e.getMessage())
                .contains("webhooks[0]: Unsupported provider: telegram")
                .contains("webhooks[1]: Unsupported webhook event: message.invalid")
                .contains("webhooks[1]: a whats91 webhook needs a signingSecret or a verificationToken")
                .contains("webhooks[2]: Unknown field: surprise")
                .contains("webhooks[2]: status must be ACTIVE or INACTIVE");
    }

    @Test
    void declaredWebhooksMayKeepThePreviousSigningSecretUntilItsExpiry() throws IOException {
        Files.writeString(dir.resolve("hooks.yaml"), """
                webhooks:
                  - webhookUid: wh_rotated
                    provider: meta
                    signingSecret: new-app-secret
                    previousSigningSecret: old-app-secret
                    previousSigningSecretExpiresAt: "2026-12-02T00:00:00Z"
                    verificationToken: verify
                    rateLimit: {perSecond: 2.5}
                """);

        var webhook = declared(Map.of("GATEWAY_CONFIG", "hooks.yaml")).get(0);

        assertThat(webhook.previousSigningSecretAt(java.time.Instant.parse("2026-12-01T23:59:59Z")).reveal())
                .isEqualTo("old-app-secret");
        assertThat(webhook.previousSigningSecretAt(java.time.Instant.parse("2026-12-02T00:00:00Z"))).isNull();
        assertThat(webhook.rateLimit().burst()).as("the admin API's default burst").isEqualTo(3);
    }

    @Test
    void declaredPreviousSecretsNeedTheirExpiryAndDeclaredWebhooksTheirProvidersCredentials() throws IOException {
        Files.writeString(dir.resolve("hooks.yaml"), """
                webhooks:
                  - webhookUid: wh_half
                    provider: whats91
                    signingSecret: s
                    previousSigningSecret: old
                  - webhookUid: wh_when
                    provider: whats91
                    signingSecret: s
                    previousSigningSecret: old
                    previousSigningSecretExpiresAt: tomorrow
                  - webhookUid: wh_bearer
                    provider: connexease
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> declared(Map.of("GATEWAY_CONFIG", "hooks.yaml")));

        assertThat(e.getMessage())
                .contains("webhooks[0].previousSigningSecretExpiresAt: previousSigningSecret and "
                        + "previousSigningSecretExpiresAt go together")
                .contains("webhooks[1].previousSigningSecretExpiresAt: must be an ISO-8601 instant")
                .contains("webhooks[2]: verificationToken is required for a connexease webhook");
    }

    @Test
    void anUnquotedNumericSenderIdIsItsText() throws IOException {
        Files.writeString(dir.resolve("hooks.yaml"), """
                webhooks:
                  - webhookUid: wh_numeric
                    provider: whats91
                    senderId: 973255022542907
                    signingSecret: s
                """);

        assertThat(declared(Map.of("GATEWAY_CONFIG", "hooks.yaml")).get(0).senderId()).isEqualTo("973255022542907");
    }

    @Test
    void aWebhookDeclaredTwiceIsNamed() throws IOException {
        Files.writeString(dir.resolve("hooks.yaml"), """
                webhooks:
                  - {webhookUid: wh_same, provider: whats91, signingSecret: s}
                  - {webhookUid: wh_same, provider: whats91, signingSecret: t}
                """);

        assertThat(catchThrowableOfType(ConfigException.class, () -> declared(Map.of("GATEWAY_CONFIG", "hooks.yaml")))
                .problems()).containsExactly("webhooks[1].webhookUid: declared twice: wh_same");
    }

    private List<Webhook> declared(Map<String, String> env) {
        GatewayConfig config = ConfigLoader.load(dir, env);
        return WebhookDefinitions.declared(config.webhooks(), Providers.standard());
    }
}
