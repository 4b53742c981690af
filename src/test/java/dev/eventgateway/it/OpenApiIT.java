package dev.eventgateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.support.AdminClient;
import dev.eventgateway.support.ApiContract;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.Whats91Payloads;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OpenAPI document is honest about the whole HTTP surface: every documented operation, ingress and operations
 * routes included, is called for real here and its success answer checked against the document's schema (admin
 * calls through {@link AdminClient}, the others by hand). Error answers are checked the same way wherever the other
 * ITs provoke them.
 */
@GatewayIT
class OpenApiIT {

    @Test
    void everyDocumentedOperationAnswersAsDocumented(GatewayStack stack) {
        ApiContract contract = ApiContract.get();
        Set<String> answered = new TreeSet<>();
        AdminClient admin = stack.admin();
        String senderId = "93" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);

        // ingress and operations
        answered.add(checked(stack, "POST", "/webhooks/" + GatewayStack.WHATS91.uid(), stack.postSigned(
                GatewayStack.WHATS91, Whats91Payloads.inboundText("wamid.oa-" + UUID.randomUUID(), "9198", "hi"))));
        JsonObject meta = admin.post("/api/v2/webhooks", new JsonObject().put("provider", "meta")
                .put("senderId", senderId).put("signingSecret", "app-secret").put("verificationToken", "vt")).data();
        answered.add("POST /api/v2/webhooks"); // created: checked by the AdminClient
        String challenge = "/webhooks/" + meta.getString("webhookUid")
                + "?hub.mode=subscribe&hub.verify_token=vt&hub.challenge=1158201444";
        await().until(() -> stack.get(challenge).statusCode() == 200);
        answered.add(checked(stack, "GET", challenge, stack.get(challenge)));
        for (String path : new String[]{"/health/live", "/health/ready", "/metrics", "/api/v2/openapi.json",
                "/api/v2/asyncapi.json"}) {
            answered.add(checked(stack, "GET", path, stack.get(path)));
        }

        // admin and queries, with rows for each to find
        String uid = admin.post("/api/v2/webhooks", new JsonObject().put("senderId", senderId)).data()
                .getString("webhookUid");
        answered.add(ok(admin.get("/api/v2/webhooks?senderId=" + senderId), "GET /api/v2/webhooks"));
        answered.add(ok(admin.get("/api/v2/webhooks/" + uid), "GET /api/v2/webhooks/{webhookUid}"));
        answered.add(ok(admin.post("/api/v2/webhooks/" + uid, new JsonObject().put("webhook",
                new JsonObject().put("name", "renamed"))), "POST /api/v2/webhooks/{webhookUid}"));
        answered.add(ok(admin.post("/api/v2/webhooks/" + uid + "/rotate-secret", null),
                "POST /api/v2/webhooks/{webhookUid}/rotate-secret"));
        answered.add(ok(admin.send("DELETE", "/api/v2/webhooks/" + uid, null),
                "DELETE /api/v2/webhooks/{webhookUid}"));
        String messageId = "wamid.oa-" + UUID.randomUUID();
        stack.db().execute("""
                INSERT INTO message_statuses (message_id, sender_id, recipient, status, status_rank, error, sent_at,
                    failed_at)
                VALUES (?, ?, '9198', 'failed', 9, '{"code":131026,"message":"Message undeliverable"}'::jsonb,
                    now(), now())""", messageId, senderId);
        stack.db().execute("""
                INSERT INTO conversations (sender_id, phone, message_count) VALUES (?, '9198', 0)""", senderId);
        stack.db().execute("""
                INSERT INTO templates (sender_id, template_name, language, status, last_event_at)
                VALUES (?, 'oa_template', 'en', 'APPROVED', now())""", senderId);
        answered.add(ok(admin.get("/api/v2/messages/" + messageId), "GET /api/v2/messages/{messageId}"));
        answered.add(ok(admin.get("/api/v2/conversations?senderId=" + senderId), "GET /api/v2/conversations"));
        answered.add(ok(admin.get("/api/v2/conversations/" + senderId + "/9198"),
                "GET /api/v2/conversations/{senderId}/{phone}"));
        answered.add(ok(admin.get("/api/v2/templates?senderId=" + senderId), "GET /api/v2/templates"));

        Set<String> documented = new TreeSet<>();
        contract.document().path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (!op.getKey().equals("parameters")) {
                documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertThat(answered).isEqualTo(documented);
    }

    @Test
    void theServedDocumentIsTheOneTheTestsCheckAgainst(GatewayStack stack) throws Exception {
        HttpResponse<String> served = stack.get("/api/v2/openapi.json");

        JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(served.body());
        assertThat(document).isEqualTo(ApiContract.get().document());
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void theApiDocumentsAreServedByTheManagementListenerAndThePublicOneSaysSo(GatewayStack stack) {
        for (String path : List.of("/api/v2/openapi.json", "/api/v2/asyncapi.json")) {
            HttpResponse<String> management = stack.send(HttpRequest.newBuilder(stack.managementUri(path)).build());
            HttpResponse<String> publicWithToken = stack.send(HttpRequest.newBuilder(stack.uri(path))
                    .header("Authorization", "Bearer " + GatewayStack.ADMIN_TOKEN).build());
            HttpResponse<String> publicWithout = stack.send(HttpRequest.newBuilder(stack.uri(path)).build());

            assertThat(management.statusCode()).as(path).isEqualTo(200);
            assertThat(publicWithToken.statusCode()).as(path).isEqualTo(404);
            assertThat(new JsonObject(publicWithToken.body()).getString("message"))
                    .contains("served by the management listener");
            assertThat(publicWithout.statusCode()).as(path).isEqualTo(401);
        }
    }

    /** Checks a non-admin answer against the document; returns its operation. */
    private static String checked(GatewayStack stack, String method, String path, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        ApiContract.get().check(method, path, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
        return method + " " + ApiContract.get().template(path);
    }

    private static String ok(AdminClient.Answer answer, String operation) {
        assertThat(answer.status()).as(operation + ": " + answer.body()).isBetween(200, 299);
        return operation;
    }
}
