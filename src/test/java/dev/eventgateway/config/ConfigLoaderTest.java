package dev.eventgateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @TempDir
    Path dir;

    @Test
    void bundledDefaultsAreValidAndMeanEmbeddedMode() {
        GatewayConfig config = ConfigLoader.load(dir, Map.of());

        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.ingress().maxBodyBytes()).as("Meta's 3 MB batches with margin").isEqualTo(4 * 1024 * 1024);
        assertThat(config.ingress().maxInFlightBytes()).isEqualTo(
                Math.max(4 * 1024 * 1024, Runtime.getRuntime().maxMemory() / 16));
        assertThat(config.ingress().publishTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.kafka().embedded()).isTrue();
        assertThat(config.postgres().embedded()).isTrue();
        assertThat(config.kafka().topicPrefix()).isEqualTo("wa.");
        assertThat(config.webhooks()).isEmpty();
    }

    @Test
    void eventLoopWarningDefaultsToTwoSecondsIsSetByEnvironmentAndChecksTwiceAsOften() {
        assertThat(ConfigLoader.load(dir, Map.of()).management().eventLoopWarning()).isEqualTo(Duration.ofSeconds(2));

        ManagementConfig low = ConfigLoader.load(dir, Map.of("GATEWAY_MANAGEMENT_EVENT_LOOP_WARNING", "20ms"))
                .management();
        assertThat(low.eventLoopWarning()).isEqualTo(Duration.ofMillis(20));
        assertThat(low.eventLoopCheckInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(ConfigLoader.load(dir, Map.of("GATEWAY_MANAGEMENT_EVENT_LOOP_WARNING", "1m")).management()
                .eventLoopCheckInterval()).as("at most every second").isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of("GATEWAY_MANAGEMENT_EVENT_LOOP_WARNING", "0ms")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("management.eventLoopWarning");
    }

    @Test
    void producerCompressesBatchesWithLz4UnlessConfigured() throws IOException {
        String broker = "GATEWAY_KAFKA_BOOTSTRAP_SERVERS";
        assertThat(ConfigLoader.load(dir, Map.of(broker, "broker:9092")).kafka().producerProperties())
                .containsEntry("compression.type", "lz4");
        Files.writeString(dir.resolve("none.yaml"), "kafka:\n  producer:\n    compression.type: none\n");
        assertThat(ConfigLoader.load(dir, Map.of("GATEWAY_CONFIG", "none.yaml", broker, "broker:9092")).kafka()
                .producerProperties()).containsEntry("compression.type", "none");
    }

    @Test
    void recordLimitsFollowTheBodyLimit() {
        GatewayConfig config = ConfigLoader.load(dir, Map.of("GATEWAY_INGRESS_MAX_BODY_BYTES", "1048576",
                "GATEWAY_KAFKA_BOOTSTRAP_SERVERS", "broker:9092", "GATEWAY_POSTGRES_URL", "postgresql://db/events",
                "GATEWAY_SECRET_KEY", KEY));

        // an event record holds its payload twice (data and raw), plus the envelope
        assertThat(config.kafka().maxRecordBytes()).isEqualTo(3 * 1024 * 1024);
        assertThat(config.kafka().producerProperties()).containsEntry("max.request.size",
                Integer.toString(3 * 1024 * 1024));
        assertThat(config.kafka().topicMaxMessageBytes()).isGreaterThan(config.kafka().maxRecordBytes());
    }

    @Test
    void maxInFlightBytesBelowOneBodyAndSmallerMaxRequestSizeAreRefused() throws IOException {
        Files.writeString(dir.resolve("extra.yaml"), "kafka:\n  producer:\n    max.request.size: \"1048576\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of("GATEWAY_CONFIG", "extra.yaml",
                "GATEWAY_INGRESS_MAX_IN_FLIGHT_BYTES", "1000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingress.maxInFlightBytes (GATEWAY_INGRESS_MAX_IN_FLIGHT_BYTES): must be 0")
                .hasMessageContaining("kafka.producer.max.request.size")
                .hasMessageContaining("must be at least " + (9 * 1024 * 1024));
    }

    @Test
    void environmentOverridesEveryLayer() throws IOException {
        Files.writeString(dir.resolve("extra.yaml"), "http:\n  port: 9000\n");
        GatewayConfig config = ConfigLoader.load(dir, Map.of(
                "GATEWAY_CONFIG", "extra.yaml",
                "GATEWAY_HTTP_PORT", "9100",
                "GATEWAY_KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "GATEWAY_POSTGRES_URL", "postgresql://gw:s3cret@db.internal:6432/events",
                "GATEWAY_SECRET_KEY", KEY,
                "GATEWAY_INGRESS_PUBLISH_TIMEOUT", "750ms"));

        assertThat(config.http().port()).isEqualTo(9100);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("broker:9092");
        assertThat(config.postgres().host()).isEqualTo("db.internal");
        assertThat(config.postgres().port()).isEqualTo(6432);
        assertThat(config.postgres().database()).isEqualTo("events");
        assertThat(config.postgres().user()).isEqualTo("gw");
        assertThat(config.postgres().passwordText()).isEqualTo("s3cret");
        assertThat(config.ingress().publishTimeout()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void extraFileLayersOverDefaults() throws IOException {
        Files.writeString(dir.resolve("extra.yaml"), "http:\n  port: 9000\nkafka:\n  partitions: 3\n");
        GatewayConfig config = ConfigLoader.load(dir, Map.of("GATEWAY_CONFIG", "extra.yaml"));

        assertThat(config.http().port()).isEqualTo(9000);
        assertThat(config.kafka().partitions()).isEqualTo(3);
        assertThat(config.kafka().replicationFactor()).isEqualTo((short) 1);
    }

    @Test
    void minInsyncReplicasFollowsTheReplicationFactorUnlessSet() {
        assertThat(ConfigLoader.load(dir, Map.of()).kafka().minInsyncReplicas()).isEqualTo(1);
        assertThat(ConfigLoader.load(dir, Map.of("GATEWAY_KAFKA_REPLICATION_FACTOR", "3")).kafka()
                .minInsyncReplicas()).isEqualTo(2);
        assertThat(ConfigLoader.load(dir, Map.of("GATEWAY_KAFKA_REPLICATION_FACTOR", "5",
                "GATEWAY_KAFKA_MIN_INSYNC_REPLICAS", "3")).kafka().minInsyncReplicas()).isEqualTo(3);
    }

    @Test
    void minInsyncReplicasAboveTheReplicationFactorIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of("GATEWAY_KAFKA_REPLICATION_FACTOR", "2",
                "GATEWAY_KAFKA_MIN_INSYNC_REPLICAS", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.minInsyncReplicas (GATEWAY_KAFKA_MIN_INSYNC_REPLICAS): must not exceed "
                        + "kafka.replicationFactor (2)");
    }

    @Test
    void theRoleIsAllByDefaultAndReadFromGatewayRole() {
        assertThat(ConfigLoader.load(dir, Map.of()).role()).isEqualTo(Role.ALL);
        assertThat(ConfigLoader.load(dir, Map.of("GATEWAY_ROLE", "workers")).role()).isEqualTo(Role.WORKERS);
        assertThat(ConfigLoader.load(dir, Map.of("GATEWAY_ROLE", "Ingress")).role()).isEqualTo(Role.INGRESS);
    }

    @Test
    void workersDisabledIsTheIngressRoleAndContradictsTheWorkersRole() {
        assertThat(ConfigLoader.load(dir, Map.of("GATEWAY_WORKERS_ENABLED", "false")).role()).isEqualTo(Role.INGRESS);
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of("GATEWAY_WORKERS_ENABLED", "false",
                "GATEWAY_ROLE", "workers")))
                .hasMessageContaining("workers.enabled (GATEWAY_WORKERS_ENABLED): is false, but role is workers");
    }

    @Test
    void anUnknownRoleIsRefusedNamingTheRoles() {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of("GATEWAY_ROLE", "consumer")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("role (GATEWAY_ROLE): must be one of all, ingress, workers, got 'consumer'");
    }

    @Test
    void jdbcUrlWithQueryCredentialsIsUnderstood() {
        GatewayConfig config = ConfigLoader.load(dir, Map.of(
                "GATEWAY_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5433/gw?user=app&password=pw",
                "GATEWAY_SECRET_KEY", KEY));

        assertThat(config.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/gw?sslmode=disable");
        assertThat(config.postgres().user()).isEqualTo("app");
        assertThat(config.postgres().passwordText()).isEqualTo("pw");
    }

    @Test
    void everyBadKeyIsReportedAtOnceWithItsVariable() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir, Map.of(
                "GATEWAY_HTTP_PORT", "abc",
                "GATEWAY_INGRESS_PUBLISH_TIMEOUT", "soon",
                "GATEWAY_KAFKA_PARTITIONS", "0")));

        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage())
                .contains("http.port (GATEWAY_HTTP_PORT): must be a whole number, got 'abc'")
                .contains("ingress.publishTimeout (GATEWAY_INGRESS_PUBLISH_TIMEOUT)")
                .contains("kafka.partitions (GATEWAY_KAFKA_PARTITIONS): must be between 1");
    }

    @Test
    void unknownKeysInAFileAreRefused() throws IOException {
        Files.writeString(dir.resolve("extra.yaml"), "http:\n  prot: 9000\n");

        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of("GATEWAY_CONFIG", "extra.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.prot: unknown key");
    }

    @Test
    void missingExtraFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of("GATEWAY_CONFIG", "nope.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_CONFIG: no such file");
    }

    @Test
    void declaredWebhooksAreKeptAsWrittenWithTheirPlaceInTheFile() throws IOException {
        Files.writeString(dir.resolve("hooks.yaml"), """
                webhooks:
                  - webhookUid: wh_meta_main
                    provider: meta
                    signingSecret: ${APP_SECRET}
                    rateLimit: {perSecond: 2.5}
                """);

        GatewayConfig config = ConfigLoader.load(dir, Map.of("GATEWAY_CONFIG", "hooks.yaml",
                "APP_SECRET", "app-secret-value"));

        assertThat(config.webhooks()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("webhooks[0]");
            assertThat(d.fields()).containsEntry("signingSecret", "app-secret-value")
                    .containsEntry("rateLimit", Map.of("perSecond", 2.5));
        });
        assertThat(config.toString()).doesNotContain("app-secret-value");
    }

    @Test
    void webhooksThatAreNoListOfMappingsAreNamed() throws IOException {
        Files.writeString(dir.resolve("hooks.yaml"), """
                webhooks:
                  - just-a-string
                """);

        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of("GATEWAY_CONFIG", "hooks.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("webhooks[0]: must be a mapping");
    }

    @Test
    void secretsAreRedactedWhenPrinted() {
        GatewayConfig config = ConfigLoader.load(dir, Map.of("GATEWAY_ADMIN_TOKEN", "admin-token-value",
                "GATEWAY_POSTGRES_URL", "postgresql://u:db-password@h/d", "GATEWAY_SECRET_KEY", KEY));

        assertThat(config.toString()).doesNotContain("admin-token-value").doesNotContain("db-password")
                .doesNotContain(KEY);
    }

    @Test
    void withoutAKeyAgainstAnotherGatewaysDatabaseTheMessageSaysToUseThatGatewaysKeyNotANewOne() {
        ConfigException missing = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir, Map.of(
                "GATEWAY_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:15432/postgres")));

        // a new key would start a gateway that opens none of the webhooks already stored (all 404)
        assertThat(missing.getMessage()).contains("secret.key").contains("GATEWAY_SECRET_KEY=$(cat data/secret.key)")
                .doesNotContain("openssl");
    }

    @Test
    void anExternalDatabaseNeedsASecretKeyAndAValidOne() {
        ConfigException missing = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir, Map.of(
                "GATEWAY_POSTGRES_URL", "postgresql://u:p@h/d")));
        ConfigException wrongSize = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir, Map.of(
                "GATEWAY_SECRET_KEY", "c2hvcnQta2V5")));

        assertThat(missing.getMessage())
                .contains("secretKey (GATEWAY_SECRET_KEY): is required when postgres.url is set");
        assertThat(wrongSize.getMessage()).contains("secretKey (GATEWAY_SECRET_KEY): must be 32 bytes in base64")
                .doesNotContain("c2hvcnQta2V5");
        assertThat(ConfigLoader.load(dir, Map.of()).secretKey()).isNull(); // embedded: generated at start
    }

    @Test
    void misspeltVariableStopsTheStartNamingTheClosestKnownOne() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(dir, Map.of("GATEWAY_HTTP_PROT", "9100")));

        assertThat(e.problems()).containsExactly("GATEWAY_HTTP_PROT: unknown environment variable, it sets nothing; "
                + "did you mean GATEWAY_HTTP_PORT (http.port)?");
    }

    @Test
    void variablesReadOutsideTheConfigOrNamedByAFileOrByKubernetesServiceLinksAreKnown() throws IOException {
        Files.writeString(dir.resolve("extra.yaml"), "admin:\n  token: ${GATEWAY_OPS_TOKEN}\n");

        GatewayConfig config = ConfigLoader.load(dir, Map.of("GATEWAY_CONFIG", "extra.yaml",
                "GATEWAY_OPS_TOKEN", "t0ken-from-a-placeholder", "GATEWAY_LOG_FORMAT", "text",
                "GATEWAY_LOG_LEVEL", "DEBUG", "GATEWAY_SERVICE_HOST", "10.0.0.7", "GATEWAY_SERVICE_PORT_HTTP", "8080",
                "GATEWAY_PORT", "tcp://10.0.0.7:8080", "GATEWAY_PORT_8080_TCP_ADDR", "10.0.0.7"));

        assertThat(config.admin().token().reveal()).isEqualTo("t0ken-from-a-placeholder");
    }

    @Test
    void unknownVariableFarFromEveryKnownOneIsReportedWithoutAGuess() {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of("GATEWAY_COMPLETELY_DIFFERENT_THING", "x",
                "GATEWAY_PORT", "9000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_COMPLETELY_DIFFERENT_THING: unknown environment variable, it sets nothing\n")
                .hasMessageContaining("GATEWAY_PORT: unknown environment variable");
    }
}
