package dev.eventgateway.it;

import dev.eventgateway.support.AdminClient;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.Whats91Payloads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The webhook routes of the admin API (DESIGN §6) against the real gateway and PostgreSQL, in the seed-001 shapes.
 * Every answer is also checked against the OpenAPI document by {@link AdminClient}.
 */
@GatewayIT
class AdminWebhooksIT {

    private static final Duration LIVE = Duration.ofSeconds(1);

    @Test
    void createAnswersTheSigningSecretOnceAndIngressAcceptsItWithinASecond(GatewayStack stack) {
        String senderId = newSenderId();

        AdminClient.Answer created = stack.admin().post("/api/v2/webhooks", new JsonObject()
                .put("senderId", senderId)
                .put("webhook", new JsonObject().put("name", "CRM delivery hook")
                        .put("events", new JsonArray().add("message.inbound.text").add("message.status.delivered"))));

        assertThat(created.status()).isEqualTo(201);
        JsonObject data = created.data();
        String uid = data.getString("webhookUid");
        String secret = data.getString("signingSecret");
        assertThat(uid).matches("wh_[a-z0-9]{24}");
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(data.getString("endpointUrl")).isEqualTo("http://localhost:8080/webhooks/" + uid);
        assertThat(data.getString("provider")).isEqualTo("whats91");
        assertThat(data.getString("status")).isEqualTo("ACTIVE");
        assertThat(data.getBoolean("hasVerificationToken")).isFalse();

        var webhook = new GatewayStack.TestWebhook(uid, "whats91", secret, null);
        await().atMost(LIVE).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(stack.postSigned(webhook, inbound()).statusCode()).isEqualTo(200));

        AdminClient.Answer one = stack.admin().get("/api/v2/webhooks/" + uid + "?senderId=" + senderId);
        AdminClient.Answer list = stack.admin().get("/api/v2/webhooks?senderId=" + senderId);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.data().containsKey("signingSecret")).isFalse();
        assertThat(one.body()).doesNotContain(secret);
        assertThat(list.body()).doesNotContain(secret).contains(uid);
    }

    @Test
    void secretsAreEncryptedAtRestAndNeverAnsweredAfterCreation(GatewayStack stack) {
        String signing = "plain-signing-" + UUID.randomUUID();
        String token = "plain-token-" + UUID.randomUUID();
        String uid = create(stack, new JsonObject().put("senderId", newSenderId()).put("signingSecret", signing)
                .put("verificationToken", token)).getString("webhookUid");
        String rotatedTo = "plain-rotated-" + UUID.randomUUID();
        stack.admin().post("/api/v2/webhooks/" + uid + "/rotate-secret",
                new JsonObject().put("signingSecret", rotatedTo));

        Map<String, Object> row = stack.db().query("SELECT * FROM webhooks WHERE webhook_uid = ?", uid).get(0);

        assertThat(row.values()).allSatisfy(value -> assertThat(String.valueOf(value))
                .doesNotContain(signing).doesNotContain(token).doesNotContain(rotatedTo));
        assertThat(row.get("signing_secret")).asString().startsWith("v1:");
        assertThat(row.get("previous_signing_secret")).asString().startsWith("v1:");
        assertThat(row.get("verification_token")).asString().startsWith("v1:");
        String everything = stack.admin().get("/api/v2/webhooks/" + uid).body()
                + stack.admin().get("/api/v2/webhooks?limit=100").body()
                + stack.admin().post("/api/v2/webhooks/" + uid, update(Map.of("name", "renamed"))).body();
        assertThat(everything).doesNotContain(signing).doesNotContain(token).doesNotContain(rotatedTo)
                .contains("\"hasVerificationToken\":true");
    }

    @Test
    void listFiltersBySenderStatusAndEventAndPaginates(GatewayStack stack) {
        String senderId = newSenderId();
        String text = create(stack, new JsonObject().put("senderId", senderId).put("name", "a")
                .put("events", new JsonArray().add("message.inbound.text"))).getString("webhookUid");
        String all = create(stack, new JsonObject().put("senderId", senderId).put("name", "b")).getString("webhookUid");
        String off = create(stack, new JsonObject().put("senderId", senderId).put("name", "c").put("status", "INACTIVE")
                .put("events", new JsonArray().add("message.status.read"))).getString("webhookUid");

        AdminClient.Answer first = stack.admin().get("/api/v2/webhooks?senderId=" + senderId + "&limit=2");
        AdminClient.Answer second = stack.admin().get("/api/v2/webhooks?senderId=" + senderId + "&limit=2&page=2");
        AdminClient.Answer beyond = stack.admin().get("/api/v2/webhooks?senderId=" + senderId + "&limit=2&page=3");

        assertThat(first.json().getString("message")).isEqualTo("Webhooks retrieved");
        assertThat(first.json().getJsonObject("pagination")).isEqualTo(new JsonObject().put("page", 1).put("limit", 2)
                .put("total", 3).put("totalPages", 2).put("hasMore", true));
        assertThat(uids(first)).containsExactly(off, all); // newest first
        assertThat(uids(second)).containsExactly(text);
        assertThat(second.json().getJsonObject("pagination").getBoolean("hasMore")).isFalse();
        assertThat(uids(beyond)).isEmpty();
        assertThat(uids(stack.admin().get("/api/v2/webhooks?senderId=" + senderId + "&status=ACTIVE")))
                .containsExactlyInAnyOrder(text, all);
        assertThat(uids(stack.admin().get("/api/v2/webhooks?senderId=" + senderId + "&status=INACTIVE")))
                .containsExactly(off);
        // an empty event list accepts every type, so it matches any event filter
        assertThat(uids(stack.admin().get("/api/v2/webhooks?senderId=" + senderId + "&event=message.inbound.text")))
                .containsExactlyInAnyOrder(text, all);
    }

    @Test
    void listParametersOutOfBoundsAreValidationErrors(GatewayStack stack) {
        for (String query : List.of("limit=0", "limit=101", "limit=ten", "page=0", "page=10001", "page=-1")) {
            AdminClient.Answer answer = stack.admin().get("/api/v2/webhooks?" + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("VALIDATION_FAILED");
            assertThat(answer.json().getJsonObject("details").getJsonArray("errors")).hasSize(1);
        }
        AdminClient.Answer event = stack.admin().get("/api/v2/webhooks?event=message.invalid&status=GONE");
        assertThat(event.status()).isEqualTo(400);
        assertThat(event.errors())
                .containsExactly("status must be ACTIVE or INACTIVE", "Unsupported webhook event: message.invalid");
        assertThat(stack.admin().get("/api/v2/webhooks?limit=100&page=10000").status()).isEqualTo(200);
    }

    @Test
    void createValidationNamesEveryProblem(GatewayStack stack) {
        AdminClient.Answer event = stack.admin().post("/api/v2/webhooks", new JsonObject().put("senderId", "1")
                .put("events", new JsonArray().add("message.invalid")));
        AdminClient.Answer several = stack.admin().post("/api/v2/webhooks", new JsonObject().put("provider", "pigeon")
                .put("allowedIps", new JsonArray().add("10.0.0.0/40")).put("rateLimit", new JsonObject()
                        .put("perSecond", -1)));
        AdminClient.Answer meta = stack.admin().post("/api/v2/webhooks", new JsonObject().put("provider", "meta"));

        assertThat(event.status()).isEqualTo(400);
        assertThat(event.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(event.json().getString("message")).isEqualTo("Unsupported webhook event: message.invalid");
        assertThat(several.errors()).hasSize(3);
        assertThat(meta.json().getString("message")).contains("signingSecret is required for a meta webhook");
    }

    @Test
    void badJsonIsRejectedBeforeAnythingIsWritten(GatewayStack stack) {
        long before = stack.db().count("SELECT count(*) FROM webhooks");

        for (String body : List.of("{\"senderId\":", "[1,2]", "", "\"text\"")) {
            AdminClient.Answer create = stack.admin().postRaw("/api/v2/webhooks", body);
            assertThat(create.status()).as(body).isEqualTo(400);
            assertThat(create.errorCode()).isEqualTo("INVALID_PAYLOAD");
        }
        assertThat(stack.admin().postRaw("/api/v2/webhooks/" + GatewayStack.WHATS91.uid(), "{oops").errorCode())
                .isEqualTo("INVALID_PAYLOAD");
        assertThat(stack.db().count("SELECT count(*) FROM webhooks")).isEqualTo(before);
    }

    @Test
    void seedUpdatesDisableAndChangeTheVerificationTokenButNeverTheSigningSecret(GatewayStack stack) {
        String senderId = newSenderId();
        JsonObject created = create(stack, new JsonObject().put("senderId", senderId)
                .put("verificationToken", "first-token"));
        String uid = created.getString("webhookUid");
        var webhook = new GatewayStack.TestWebhook(uid, "whats91", created.getString("signingSecret"), "first-token");
        await().atMost(LIVE).untilAsserted(() -> assertThat(stack.postSigned(webhook, inbound()).statusCode())
                .isEqualTo(200));

        // "Update verification token": the new token is what ingress checks from now on, the signing secret stays
        AdminClient.Answer retoken = stack.admin().post("/api/v2/webhooks/" + uid,
                update(Map.of("verificationToken", "new-shared-secret")));
        assertThat(retoken.status()).isEqualTo(200);
        assertThat(retoken.json().getString("message")).isEqualTo("Webhook updated");
        assertThat(retoken.data().containsKey("signingSecret")).isFalse();
        var retokened = new GatewayStack.TestWebhook(uid, "whats91", webhook.secret(), "new-shared-secret");
        await().atMost(LIVE).untilAsserted(() -> {
            assertThat(stack.postSigned(retokened, inbound()).statusCode()).isEqualTo(200);
            assertThat(stack.postSigned(webhook, inbound()).statusCode()).isEqualTo(401);
        });

        // "Clear verification token"
        AdminClient.Answer cleared = stack.admin().post("/api/v2/webhooks/" + uid,
                update(Map.of("clearVerificationToken", true)));
        assertThat(cleared.data().getBoolean("hasVerificationToken")).isFalse();

        // "Disable webhook": refused by ingress within a second
        AdminClient.Answer disabled = stack.admin().post("/api/v2/webhooks/" + uid, new JsonObject()
                .put("senderId", senderId)
                .put("webhook", new JsonObject().put("status", "INACTIVE").put("retryEnabled", false)));
        assertThat(disabled.data().getString("status")).isEqualTo("INACTIVE");
        assertThat(disabled.data().getBoolean("retryEnabled")).isFalse();
        // at once in the process that answered the change (other processes: WebhookSyncIT)
        var unsigned = new GatewayStack.TestWebhook(uid, "whats91", webhook.secret(), null);
        assertThat(stack.postSigned(unsigned, inbound()).statusCode()).isEqualTo(404);

        AdminClient.Answer secret = stack.admin().post("/api/v2/webhooks/" + uid, update(Map.of("signingSecret", "x")));
        assertThat(secret.status()).isEqualTo(400);
        assertThat(secret.json().getString("message")).startsWith("signingSecret is never changed by an update");
    }

    @Test
    void rotationAnswersTheNewSecretOnceAndKeepsTheOldOneForTheOverlap(GatewayStack stack) {
        JsonObject created = create(stack, new JsonObject().put("senderId", newSenderId()));
        String uid = created.getString("webhookUid");
        var old = new GatewayStack.TestWebhook(uid, "whats91", created.getString("signingSecret"), null);

        AdminClient.Answer rotated = stack.admin().post("/api/v2/webhooks/" + uid + "/rotate-secret", null);

        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.data().getString("signingSecret");
        assertThat(fresh).matches("[0-9a-f]{64}").isNotEqualTo(old.secret());
        assertThat(Instant.parse(rotated.data().getString("previousSigningSecretExpiresAt")))
                .isCloseTo(Instant.now().plus(Duration.ofHours(24)), within(Duration.ofMinutes(1)));
        var rotatedHook = new GatewayStack.TestWebhook(uid, "whats91", fresh, null);
        await().atMost(LIVE).untilAsserted(() -> assertThat(stack.postSigned(rotatedHook, inbound()).statusCode())
                .isEqualTo(200));
        assertThat(stack.postSigned(old, inbound()).statusCode()).isEqualTo(200);
        assertThat(stack.admin().get("/api/v2/webhooks/" + uid).body()).doesNotContain(fresh);
    }

    @Test
    void unknownUidsAndOtherSendersAre404(GatewayStack stack) {
        String uid = create(stack, new JsonObject().put("senderId", "916200000001")).getString("webhookUid");

        assertThat(stack.admin().get("/api/v2/webhooks/wh_nope").errorCode()).isEqualTo("NOT_FOUND");
        assertThat(stack.admin().post("/api/v2/webhooks/wh_nope", update(Map.of("name", "x"))).status()).isEqualTo(404);
        assertThat(stack.admin().post("/api/v2/webhooks/wh_nope/rotate-secret", null).status()).isEqualTo(404);
        assertThat(stack.admin().get("/api/v2/webhooks/" + uid + "?senderId=916200000002").status()).isEqualTo(404);
        assertThat(stack.admin().post("/api/v2/webhooks/" + uid, new JsonObject().put("senderId", "916200000002")
                .put("webhook", new JsonObject().put("name", "x"))).status()).isEqualTo(404);
    }

    @Test
    void webhooksDeclaredInConfigAreReadOnly(GatewayStack stack) {
        String uid = GatewayStack.WHATS91.uid();

        AdminClient.Answer shown = stack.admin().get("/api/v2/webhooks/" + uid);
        AdminClient.Answer update = stack.admin().post("/api/v2/webhooks/" + uid, update(Map.of("status", "INACTIVE")));
        AdminClient.Answer rotate = stack.admin().post("/api/v2/webhooks/" + uid + "/rotate-secret", null);

        assertThat(shown.data().getBoolean("declared")).isTrue();
        assertThat(shown.data().getBoolean("hasVerificationToken")).isTrue();
        assertThat(update.status()).isEqualTo(409);
        assertThat(update.errorCode()).isEqualTo("WEBHOOK_READ_ONLY");
        assertThat(update.json().getString("message")).contains("declared in the gateway configuration");
        assertThat(rotate.status()).isEqualTo(409);
        assertThat(stack.postSigned(GatewayStack.WHATS91, inbound()).statusCode()).isEqualTo(200);
    }

    @Test
    void deleteIsSoftFreesTheUidOnIngressAndKeepsTheRowForTheAudit(GatewayStack stack) {
        String senderId = newSenderId();
        JsonObject created = create(stack, new JsonObject().put("senderId", senderId));
        String uid = created.getString("webhookUid");
        var webhook = new GatewayStack.TestWebhook(uid, "whats91", created.getString("signingSecret"), null);
        await().atMost(LIVE).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(stack.postSigned(webhook, inbound()).statusCode()).isEqualTo(200));

        AdminClient.Answer otherSender = stack.admin().send("DELETE", "/api/v2/webhooks/" + uid
                + "?senderId=916200000009", null);
        AdminClient.Answer deleted = stack.admin().send("DELETE", "/api/v2/webhooks/" + uid, null);

        assertThat(otherSender.status()).isEqualTo(404);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.data().getString("webhookUid")).isEqualTo(uid);
        assertThat(Instant.parse(deleted.data().getString("deletedAt"))).isCloseTo(Instant.now(),
                within(1, java.time.temporal.ChronoUnit.MINUTES));
        await().atMost(LIVE).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(stack.postSigned(webhook, inbound()).statusCode()).isEqualTo(404));
        assertThat(stack.admin().get("/api/v2/webhooks/" + uid).status()).isEqualTo(404);
        assertThat(uids(stack.admin().get("/api/v2/webhooks?senderId=" + senderId))).doesNotContain(uid);
        assertThat(stack.admin().post("/api/v2/webhooks/" + uid, update(Map.of("name", "x"))).status())
                .isEqualTo(404);
        assertThat(stack.admin().send("DELETE", "/api/v2/webhooks/" + uid, null).status()).isEqualTo(404);
        // kept for the audit: the row, its sender and the time it ended
        Map<String, Object> row = stack.db().query("SELECT sender_id, deleted_at FROM webhooks WHERE webhook_uid = ?",
                uid).get(0);
        assertThat(row.get("sender_id")).isEqualTo(senderId);
        assertThat(row.get("deleted_at")).isNotNull();
    }

    @Test
    void webhooksDeclaredInConfigCannotBeDeleted(GatewayStack stack) {
        AdminClient.Answer refused = stack.admin().send("DELETE", "/api/v2/webhooks/" + GatewayStack.WHATS91.uid(),
                null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("WEBHOOK_READ_ONLY");
        assertThat(stack.admin().get("/api/v2/webhooks/" + GatewayStack.WHATS91.uid()).status()).isEqualTo(200);
        assertThat(stack.postSigned(GatewayStack.WHATS91, inbound()).statusCode()).isEqualTo(200);
    }

    @Test
    void anEmptyUidInThePathCreatesChangesAndDeletesNothing(GatewayStack stack) {
        String senderId = newSenderId();
        String create = new JsonObject().put("senderId", senderId).encode();

        // what `curl -X POST "$BASE/api/v2/webhooks/$UID"` sends when UID is empty
        HttpResponse<String> trailingSlash = adminCall(stack, "POST", "/api/v2/webhooks/", create);
        HttpResponse<String> rotateNobody = adminCall(stack, "POST", "/api/v2/webhooks//rotate-secret", null);
        HttpResponse<String> deleteNobody = adminCall(stack, "DELETE", "/api/v2/webhooks/", null);

        for (HttpResponse<String> answer : List.of(trailingSlash, rotateNobody, deleteNobody)) {
            assertThat(answer.statusCode()).as(answer.uri() + ": " + answer.body()).isEqualTo(404);
            assertThat(new JsonObject(answer.body()).getString("error_code")).isEqualTo("NOT_FOUND");
        }
        assertThat(stack.db().count("SELECT count(*) FROM webhooks WHERE sender_id = ?", senderId)).isZero();
        assertThat(stack.db().count("SELECT count(*) FROM webhooks WHERE webhook_uid IN ('', 'rotate-secret')"))
                .isZero();
    }

    @Test
    void everyRouteWantsTheToken(GatewayStack stack) {
        AdminClient anonymous = stack.admin().withToken(null);
        AdminClient wrong = stack.admin().withToken("not-" + GatewayStack.ADMIN_TOKEN);
        for (String path : List.of("/api/v2/webhooks", "/api/v2/webhooks/wh_x", "/api/v2/messages/wamid.x",
                "/api/v2/conversations", "/api/v2/conversations/1/2", "/api/v2/templates")) {
            assertThat(anonymous.get(path).errorCode()).as(path).isEqualTo("MISSING_AUTH_TOKEN");
            assertThat(wrong.get(path).errorCode()).as(path).isEqualTo("INVALID_AUTH_TOKEN");
        }
        for (String path : List.of("/api/v2/webhooks", "/api/v2/webhooks/wh_x",
                "/api/v2/webhooks/wh_x/rotate-secret")) {
            assertThat(anonymous.post(path, new JsonObject()).status()).as(path).isEqualTo(401);
            assertThat(wrong.post(path, new JsonObject()).errorCode()).as(path).isEqualTo("INVALID_AUTH_TOKEN");
        }
        assertThat(anonymous.get("/api/v2/openapi.json").status()).isEqualTo(200);
    }

    /** A call the OpenAPI check cannot template (a path with an empty segment), with the token. */
    private static HttpResponse<String> adminCall(GatewayStack stack, String method, String path, String body) {
        return stack.send(HttpRequest.newBuilder(stack.uri(path)).header("Authorization", "Bearer "
                + GatewayStack.ADMIN_TOKEN).header("Content-Type", "application/json").method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonObject create(GatewayStack stack, JsonObject body) {
        AdminClient.Answer answer = stack.admin().post("/api/v2/webhooks", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.data();
    }

    private static JsonObject update(Map<String, Object> fields) {
        return new JsonObject().put("webhook", new JsonObject(fields));
    }

    private static List<String> uids(AdminClient.Answer list) {
        return list.json().getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("webhookUid")).toList();
    }

    private static String newSenderId() {
        return "91" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
    }

    private static byte[] inbound() {
        return Whats91Payloads.inboundText("wamid.admin-" + UUID.randomUUID(), "919888888888", "hello");
    }
}
