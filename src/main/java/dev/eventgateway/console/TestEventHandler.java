package dev.eventgateway.console;

import dev.eventgateway.cli.SignedSample;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.http.ApiException;
import dev.eventgateway.http.Envelopes;
import dev.eventgateway.observability.RequestIds;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code POST /console/api/webhooks/{uid}/test-event {"type":…}}: a fresh sample of the provider's own payload, signed
 * with the webhook's secret and carrying its token as the provider would ({@link SignedSample}, the same code as
 * {@code send-sample}), posted to this gateway's own listener, so it takes the real ingress path. The answer holds the
 * status and body ingress gave, and the sample's message id.
 */
final class TestEventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TestEventHandler.class);
    private static final String DEFAULT_TYPE = "message.inbound.text";

    private final WebhookRegistry registry;
    private final Providers providers;
    private final WebClient client;
    private final Clock clock;

    TestEventHandler(WebhookRegistry registry, Providers providers, WebClient client, Clock clock) {
        this.registry = registry;
        this.providers = providers;
        this.client = client;
        this.clock = clock;
    }

    void handle(RoutingContext ctx) {
        String uid = ctx.pathParam("webhookUid");
        String type;
        try {
            JsonObject body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
            type = body.getString("type", DEFAULT_TYPE);
        } catch (DecodeException | ClassCastException e) {
            ctx.fail(ApiException.invalidPayload("the body must be a JSON object"));
            return;
        }
        Webhook webhook = registry.find(uid).orElse(null);
        if (webhook == null) {
            ctx.fail(ApiException.notFound("Webhook not found: " + uid));
            return;
        }
        Optional<SignedSample> sample;
        try {
            sample = SignedSample.of(providers.get(webhook.provider()), type, reveal(webhook.signingSecret()),
                    reveal(webhook.verificationToken()), clock.instant());
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiException.validation(e.getMessage(), null));
            return;
        }
        if (sample.isEmpty()) {
            ctx.fail(ApiException.validation("No " + webhook.provider() + " sample of type " + type,
                    new JsonObject().put("types", SignedSample.types(webhook.provider()))));
            return;
        }
        SocketAddress local = ctx.request().localAddress();
        HttpRequest<Buffer> request = client.post(local.port(), local.hostAddress(), "/webhooks/" + uid)
                .ssl(ctx.request().isSSL());
        sample.get().headers().forEach(request::putHeader);
        request.putHeader("User-Agent", "event-gateway-console-test");
        request.sendBuffer(Buffer.buffer(sample.get().body())).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("test event not sent [requestId: {}, webhookUid: {}, cause: {}]", RequestIds.of(ctx), uid,
                        ar.cause().toString());
                ctx.fail(ApiException.unavailable("The test event could not be posted", 5));
                return;
            }
            Object answer;
            try {
                answer = ar.result().bodyAsJsonObject();
            } catch (DecodeException e) {
                answer = ar.result().bodyAsString();
            }
            LOG.info("test event sent [requestId: {}, webhookUid: {}, type: {}, status: {}]", RequestIds.of(ctx), uid,
                    type, ar.result().statusCode());
            Envelopes.reply(ctx, 200, Envelopes.success(ctx, "Test event sent", new JsonObject()
                    .put("webhookUid", uid)
                    .put("type", type)
                    .put("messageId", sample.get().messageId())
                    .put("status", ar.result().statusCode())
                    .put("answer", answer)));
        });
    }

    private static String reveal(Secret secret) {
        return secret == null ? null : secret.reveal();
    }
}
