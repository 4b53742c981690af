package dev.eventgateway.it;

import dev.eventgateway.config.KafkaConfig;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.publish.TopicCreator;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.MetaBatches;
import dev.eventgateway.support.Whats91Payloads;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests at the sizes providers really send (Meta: up to 1,000 updates and 3 MB per POST), and the verified
 * requests that are no payload at all: each is stored, none is lost to a size limit.
 */
@GatewayIT
class IngressSizesIT {

    @Test
    void metaBatchOfAThousandStatusesIsAnsweredWithAThousandIdsAllOnTheStatusTopic(GatewayStack stack)
            throws Exception {
        String prefix = "wamid.it-" + UUID.randomUUID() + "-";
        byte[] body = MetaBatches.statuses(prefix, 1000);
        assertThat(body.length).as("over Kafka's default 1 MB record").isGreaterThan(1024 * 1024);

        var response = postAsMetaDoes(stack, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject answer = new JsonObject(response.body());
        assertThat(answer.getInteger("accepted")).isEqualTo(1000);
        Set<String> ids = new HashSet<>();
        answer.getJsonArray("eventIds").forEach(id -> ids.add((String) id));
        assertThat(ids).hasSize(1000);
        List<ConsumerRecord<String, byte[]>> statuses =
                stack.kafka().recordsContaining(stack.topic("messages.status"), prefix);
        Set<String> published = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : statuses) {
            published.add(KafkaProbe.header(record, EventHeaders.CE_ID));
            assertThat(record.key()).startsWith(prefix);
        }
        assertThat(published).isEqualTo(ids);
        WebhookEvent failed = WebhookEvent.fromJson(statuses.stream()
                .filter(r -> "message.status.failed".equals(KafkaProbe.header(r, EventHeaders.CE_TYPE)))
                .findFirst().orElseThrow().value());
        assertThat(failed.data().path("error").path("code").asInt()).isEqualTo(131049);
        assertThat(stack.kafka().recordsContaining(stack.topic("raw"), prefix))
                .allSatisfy(raw -> assertThat(raw.value()).isEqualTo(body)).isNotEmpty();
    }

    /**
     * Posts as Meta does: a 503 (Kafka slower than the publish timeout on a machine shared with other builds) is
     * retried, a few times; any other answer is final. Records of a retried request carry the same event ids.
     */
    private static java.net.http.HttpResponse<String> postAsMetaDoes(GatewayStack stack, byte[] body) {
        var response = stack.postFixture("meta", body);
        for (int retry = 0; retry < 3 && response.statusCode() == 503; retry++) {
            response = stack.postFixture("meta", body);
        }
        return response;
    }

    @Test
    void metaBatchOfThreeMegabytesIsAccepted(GatewayStack stack) {
        String prefix = "wamid.it-" + UUID.randomUUID() + "-";
        byte[] body = MetaBatches.texts(prefix, 1000, 2700);
        assertThat(body.length).as("Meta's documented maximum").isBetween(2_900_000, 3_400_000);

        var response = postAsMetaDoes(stack, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getInteger("accepted")).isEqualTo(1000);
        assertThat(stack.kafka().recordsContaining(stack.topic("messages.inbound"), prefix).stream()
                .map(r -> KafkaProbe.header(r, EventHeaders.CE_ID)).distinct()).hasSize(1000);
    }

    @Test
    void whats91TextOf45000EmojiIsAcceptedAndWrittenAsPlainUtf8(GatewayStack stack) throws Exception {
        String messageId = "wamid.it-" + UUID.randomUUID();
        String text = "😀".repeat(45_000);
        byte[] body = Whats91Payloads.inboundText(messageId, "919888888888", text);

        var response = stack.postSigned(GatewayStack.WHATS91, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ConsumerRecord<String, byte[]> record =
                stack.kafka().recordsContaining(stack.topic("messages.inbound"), messageId).get(0);
        // the text twice (data and raw) at 4 bytes an emoji, not 12 as two escaped surrogates
        assertThat(record.value().length).isLessThan(2 * body.length + 1024);
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("\\uD83D");
        assertThat(WebhookEvent.fromJson(record.value()).dataText("text")).isEqualTo(text);
    }

    @Test
    void signedNonJsonBodyIsOnTheRawTopicMarkedInvalidBeforeIts400(GatewayStack stack) {
        String marker = "it-" + UUID.randomUUID();
        byte[] body = ("{\"event\":\"message.inbound.text\",\"data\":{\"messageId\":\"" + marker + "\"")
                .getBytes(StandardCharsets.UTF_8); // cut short

        var response = stack.postSigned(GatewayStack.WHATS91, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(response.body()).getString("error_code")).isEqualTo("INVALID_PAYLOAD");
        assertThat(stack.kafka().recordsContaining(stack.topic("raw"), marker)).singleElement().satisfies(raw -> {
            assertThat(raw.value()).isEqualTo(body);
            assertThat(raw.key()).isEqualTo(GatewayStack.WHATS91.uid());
            assertThat(KafkaProbe.header(raw, EventHeaders.INVALID)).isEqualTo("body is not valid JSON");
            assertThat(KafkaProbe.header(raw, EventHeaders.REQUEST_ID))
                    .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        });
    }

    @Test
    void signedJsonThatIsNoMetaEnvelopeIsKeptWithItsReason(GatewayStack stack) {
        String marker = "it-" + UUID.randomUUID();
        byte[] body = ("{\"object\":\"page\",\"entry\":[{\"id\":\"" + marker + "\"}]}").getBytes(StandardCharsets.UTF_8);

        var response = stack.postFixture("meta", body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject answer = new JsonObject(response.body());
        assertThat(answer.getString("error_code")).isEqualTo("INVALID_PAYLOAD");
        assertThat(stack.kafka().recordsContaining(stack.topic("raw"), marker)).singleElement().satisfies(raw ->
                assertThat(KafkaProbe.header(raw, EventHeaders.INVALID))
                        .startsWith("not a meta payload").isEqualTo(answer.getString("message")));
    }

    @Test
    void topicsTakeTheLargestRecordTheBodyLimitAdmits(GatewayStack stack) throws Exception {
        KafkaConfig kafka = stack.gateway().config().kafka();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            for (String topic : List.of(stack.topic("raw"), stack.topic("messages.status"))) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                String value = admin.describeConfigs(List.of(resource)).all().get(20, TimeUnit.SECONDS)
                        .get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value();
                assertThat(Integer.parseInt(value)).as(topic).isGreaterThanOrEqualTo(kafka.topicMaxMessageBytes());
            }
        }
        assertThat(kafka.producerProperties().get("max.request.size"))
                .isEqualTo(Integer.toString(2 * stack.gateway().config().ingress().maxBodyBytes() + 1024 * 1024));
    }

    @Test
    void anExistingTopicTooSmallForTheLargestRecordStopsTheStartNamingIt(GatewayStack stack) throws Exception {
        KafkaConfig shared = stack.gateway().config().kafka();
        String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
        KafkaConfig kafka = new KafkaConfig(shared.bootstrapServers(), prefix, 1, (short) 1, Map.of(), Map.of(),
                shared.maxRecordBytes());
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(prefix + "raw", 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588")))).all().get(20, TimeUnit.SECONDS);
        }

        assertThatThrownBy(() -> TopicCreator.ensure(kafka, 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(prefix + "raw (max.message.bytes 1048588)")
                .hasMessageContaining("max.message.bytes >= " + kafka.topicMaxMessageBytes());
    }
}
