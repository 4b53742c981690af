package dev.eventgateway.config;

import dev.eventgateway.crypto.Secret;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole, validated configuration. Immutable: safe to share between verticles. Secrets are {@link Secret}s, so
 * printing the record never shows them.
 *
 * @param webhooks the declared webhooks as written, read into webhooks by {@code provider/WebhookDefinitions}
 *
 * @param slackUrl the Slack-compatible notification URL, or null; a secret (an incoming-webhook URL is a credential)
 * @param role     what this process runs: ingress, workers or both ({@code workers.enabled: false} narrows
 *                 {@code all} to {@code ingress})
 */
public record GatewayConfig(HttpConfig http, ManagementConfig management, IngressConfig ingress, KafkaConfig kafka, PgConfig postgres,
                            EmbeddedConfig embedded, Path dataDir, Secret secretKey, AdminConfig admin,
                            WorkersConfig workers, Secret slackUrl, Duration shutdownTimeout,
                            List<WebhookDeclaration> webhooks, Role role) {

    public GatewayConfig {
        webhooks = List.copyOf(webhooks);
    }

    public GatewayConfig withKafka(KafkaConfig newKafka) {
        return new GatewayConfig(http, management, ingress, newKafka, postgres, embedded, dataDir, secretKey, admin, workers,
                slackUrl, shutdownTimeout, webhooks, role);
    }

    public GatewayConfig withPostgres(PgConfig newPostgres) {
        return new GatewayConfig(http, management, ingress, kafka, newPostgres, embedded, dataDir, secretKey, admin, workers,
                slackUrl, shutdownTimeout, webhooks, role);
    }

    public GatewayConfig withHttp(HttpConfig newHttp) {
        return new GatewayConfig(newHttp, management, ingress, kafka, postgres, embedded, dataDir, secretKey, admin, workers,
                slackUrl, shutdownTimeout, webhooks, role);
    }

    public GatewayConfig withManagement(ManagementConfig newManagement) {
        return new GatewayConfig(http, newManagement, ingress, kafka, postgres, embedded, dataDir, secretKey, admin,
                workers, slackUrl, shutdownTimeout, webhooks, role);
    }

    public GatewayConfig withSecretKey(Secret key) {
        return new GatewayConfig(http, management, ingress, kafka, postgres, embedded, dataDir, key, admin, workers,
                slackUrl, shutdownTimeout, webhooks, role);
    }
}
