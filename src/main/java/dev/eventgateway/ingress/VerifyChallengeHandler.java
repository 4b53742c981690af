package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.provider.meta.MetaChallenge;
import dev.eventgateway.provider.meta.MetaCloudAdapter;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/**
 * Meta's subscription handshake: {@code GET /webhooks/{uid}?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…}
 * → 200 with the challenge as text/plain when the token matches ({@link MetaChallenge}), else 403. Only Meta
 * webhooks answer it: for any other provider the verification token is a credential of its POSTs, and an echo
 * would let anyone test guesses of it without the signing secret (405 whatever the token). Runs after
 * {@link WebhookLookupHandler}, which found the webhook.
 */
final class VerifyChallengeHandler implements Handler<RoutingContext> {

    /** Meta sends a number; anything beyond a plain token is refused rather than reflected. */
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9._-]{1,256}");

    @Override
    public void handle(RoutingContext ctx) {
        Webhook webhook = ctx.get(IngressContext.WEBHOOK);
        if (!MetaCloudAdapter.NAME.equals(webhook.provider())) {
            ctx.fail(new ApiException(405, "METHOD_NOT_ALLOWED", "this webhook takes POST only", null, null));
            return;
        }
        String challenge = MetaChallenge.answer(webhook, ctx.queryParams())
                .filter(c -> CHALLENGE.matcher(c).matches())
                .orElse(null);
        if (challenge == null) {
            ctx.fail(ApiException.forbidden("verification failed"));
            return;
        }
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(challenge);
    }
}
