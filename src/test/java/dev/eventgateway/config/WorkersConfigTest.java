package dev.eventgateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkersConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsRunTheWorkersWithTheirGroupsAndBackOff() {
        GatewayConfig config = ConfigLoader.load(dir, Map.of());
        WorkersConfig workers = config.workers();

        assertThat(workers.enabled()).isTrue();
        assertThat(workers.instances()).isOne();
        assertThat(workers.groupId("crm")).isEqualTo("event-gateway-crm");
        assertThat(workers.retryBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(workers.maxRetryBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(workers.defaultMaxAttempts()).isEqualTo(5);
        assertThat(workers.notifications().maxAttempts()).isEqualTo(10);
        assertThat(workers.notifications().pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.slackUrl()).isNull();
    }

    @Test
    void theNotificationUrlIsASecretAndEveryKeyHasAnEnvironmentVariable() {
        GatewayConfig config = ConfigLoader.load(dir, Map.of(
                "GATEWAY_NOTIFICATIONS_SLACK_URL", "https://hooks.example.com/services/T0/B0/s3cr3t",
                "GATEWAY_NOTIFICATIONS_RETRY_BACKOFF", "250ms",
                "GATEWAY_WORKERS_CONSUMER_GROUP_PREFIX", "eu-",
                "GATEWAY_WORKERS_INSTANCES", "3"));

        assertThat(config.slackUrl().reveal()).isEqualTo("https://hooks.example.com/services/T0/B0/s3cr3t");
        assertThat(config.toString()).doesNotContain("s3cr3t");
        assertThat(config.workers().notifications().retryBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.workers().groupId("timeline")).isEqualTo("eu-timeline");
        assertThat(config.workers().instances()).isEqualTo(3);
    }

    @Test
    void zeroDelaysAndBadCountsAreRefusedTogether() {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of(
                "GATEWAY_WORKERS_RETRY_BACKOFF", "0ms",
                "GATEWAY_NOTIFICATIONS_POLL_INTERVAL", "soon",
                "GATEWAY_WORKERS_INSTANCES", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("workers.retryBackoff (GATEWAY_WORKERS_RETRY_BACKOFF): must be longer than 0")
                .hasMessageContaining("notifications.pollInterval (GATEWAY_NOTIFICATIONS_POLL_INTERVAL): must be a "
                        + "duration")
                .hasMessageContaining("workers.instances (GATEWAY_WORKERS_INSTANCES): must be between 1 and 64");
    }
}
