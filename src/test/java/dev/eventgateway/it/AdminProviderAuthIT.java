package dev.eventgateway.it;

import dev.eventgateway.provider.Signatures;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.support.AdminClient;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each provider's auth model (DESIGN §2), end to end: a webhook created through the admin API as that provider's
 * user would create it, then the provider's seed payload posted with exactly the headers that provider sends.
 */
@GatewayIT
class AdminProviderAuthIT {

    @Test
    void whats91WebhookGetsAGeneratedSecretAndTakesTheSignedSeedPayload(GatewayStack stack) {
        JsonObject created = create(stack, new JsonObject().put("senderId", "916268662275")
                .put("webhook", new JsonObject().put("name", "CRM handoff").put("verificationToken", "shared-secret")));
        String secret = created.getString("signingSecret");
        assertThat(secret).matches("[0-9a-f]{64}");
        byte[] body = Fixtures.bytes("whats91/text-inbound.json");

        var response = post(stack, created, body, Map.of(
                "X-Whats91-Signature", Signatures.hmacSha256Hex(bytes(secret), body),
                "X-CRM-Webhook-Token", "shared-secret"));

        assertAcceptedAndKept(stack, response, body, 1);
    }

    @Test
    void metaWebhookTakesTheAppSecretAndVerifyTokenAndAnswersHandshakeAndSignedSeedPayload(GatewayStack stack) {
        JsonObject created = create(stack, new JsonObject().put("provider", "meta").put("senderId", "106540352242922")
                .put("signingSecret", "meta-app-secret").put("verificationToken", "meta-verify-token"));
        assertThat(created.getString("signingSecret")).as("the app secret as given, never a generated one")
                .isEqualTo("meta-app-secret");
        byte[] body = Fixtures.bytes("meta/text-message.json");

        HttpResponse<String> handshake = stack.get("/webhooks/" + created.getString("webhookUid")
                + "?hub.mode=subscribe&hub.verify_token=meta-verify-token&hub.challenge=1158201444");
        var response = post(stack, created, body, Map.of(
                "X-Hub-Signature-256", "sha256=" + Signatures.hmacSha256Hex(bytes("meta-app-secret"), body)));

        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.body()).isEqualTo("1158201444");
        assertAcceptedAndKept(stack, response, body, 1);
    }

    @Test
    void connexeaseWebhookNeedsOnlyItsBearerTokenAndTakesTheUnsignedSeedPayload(GatewayStack stack) {
        JsonObject created = create(stack, new JsonObject().put("provider", "connexease")
                .put("senderId", "973255022542907").put("verificationToken", "my_super_secret_token"));
        assertThat(created.getValue("signingSecret")).as("Connexease signs nothing").isNull();
        assertThat(created.getBoolean("hasSigningSecret")).isFalse();
        byte[] body = Fixtures.bytes("connexease/message.json");

        var response = post(stack, created, body, Map.of("Authorization", "Bearer my_super_secret_token"));
        var wrongBearer = post(stack, created, body, Map.of("Authorization", "Bearer not-it"));

        assertAcceptedAndKept(stack, response, body, 1);
        assertThat(wrongBearer.statusCode()).isEqualTo(401);
    }

    @Test
    void whatsAbleWebhookWithItsTokenTakesTheUnsignedSeedPayload(GatewayStack stack) {
        JsonObject created = create(stack, new JsonObject().put("provider", "whatsable")
                .put("senderId", "8801700000000").put("verificationToken", "whatsable-crm-token"));
        assertThat(created.getValue("signingSecret")).as("no secret unless asked").isNull();
        byte[] body = Fixtures.bytes("whatsable/message-status.json");

        var response = post(stack, created, body, Map.of("X-CRM-Webhook-Token", "whatsable-crm-token"));

        assertAcceptedAndKept(stack, response, body, 1);
    }

    @Test
    void webhooksTheirProviderCouldNeverPassAreRefusedNamingTheField(GatewayStack stack) {
        AdminClient.Answer connexease = stack.admin().post("/api/v2/webhooks", new JsonObject()
                .put("provider", "connexease").put("senderId", "973255022542907"));
        AdminClient.Answer meta = stack.admin().post("/api/v2/webhooks", new JsonObject()
                .put("provider", "meta").put("senderId", "106540352242922").put("signingSecret", "app-secret"));
        AdminClient.Answer metaGenerated = stack.admin().post("/api/v2/webhooks", new JsonObject()
                .put("provider", "meta").put("verificationToken", "v").put("generateSigningSecret", true));

        assertThat(connexease.status()).isEqualTo(400);
        assertThat(connexease.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(connexease.errors()).singleElement().asString().startsWith("verificationToken is required");
        assertThat(meta.errors()).singleElement().asString().startsWith("verificationToken is required");
        assertThat(metaGenerated.errors()).anySatisfy(e -> assertThat(e).startsWith("generateSigningSecret:"))
                .anySatisfy(e -> assertThat(e).startsWith("signingSecret is required"));
    }

    private static JsonObject create(GatewayStack stack, JsonObject request) {
        AdminClient.Answer answer = stack.admin().post("/api/v2/webhooks", request);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.data();
    }

    /** The body with the provider's own headers only (and the JSON content type every provider sends). */
    private static HttpResponse<String> post(GatewayStack stack, JsonObject webhook, byte[] body,
                                             Map<String, String> headers) {
        return stack.post("/webhooks/" + webhook.getString("webhookUid"), body, headers);
    }

    private static void assertAcceptedAndKept(GatewayStack stack, HttpResponse<String> response, byte[] body,
                                              int events) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getInteger("accepted")).isEqualTo(events);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(stack.kafka().records(stack.topic("raw")))
                .filteredOn(r -> requestId.equals(KafkaProbe.header(r, EventHeaders.REQUEST_ID)))
                .singleElement().satisfies(raw -> assertThat(raw.value()).isEqualTo(body));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
