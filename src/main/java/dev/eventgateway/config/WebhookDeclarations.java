package dev.eventgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.provider.WebhookRules;
import dev.eventgateway.webhook.Cidr;
import dev.eventgateway.webhook.RateLimit;
import dev.eventgateway.webhook.Secret;
import dev.eventgateway.webhook.Webhook;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code webhooks:} list of the config file (DESIGN §7) into validated, declared {@link Webhook}s. The
 * defaults of what a declaration leaves out ({@link Webhook.Builder}, {@link RateLimit#of}) and what makes it valid
 * ({@link WebhookRules}) are the admin API's own. A declaration never gets a generated secret: the file holds every
 * secret itself, {@code previousSigningSecret} with {@code previousSigningSecretExpiresAt} giving a secret change in
 * the file the same overlap as {@code rotate-secret}.
 */
final class WebhookDeclarations {

    private static final Set<String> FIELDS = Set.of("webhookUid", "name", "provider", "senderId", "signingSecret",
            "previousSigningSecret", "previousSigningSecretExpiresAt", "verificationToken", "events", "status", "auth",
            "retryEnabled", "retryMaxAttempts", "allowedIps", "rateLimit",
            "clientCertificate");

    private WebhookDeclarations() {
    }

    static List<Webhook> read(ConfigReader r) {
        JsonNode list = r.node("webhooks");
        List<Webhook> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            r.problem("webhooks", "must be a list");
            return out;
        }
        Providers providers = Providers.standard();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "webhooks[" + i + "]";
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                r.problem(at, "must be a mapping with webhookUid, provider, …");
                continue;
            }
            entry.fieldNames().forEachRemaining(f -> {
                if (!FIELDS.contains(f)) {
                    r.problem(at + "." + f, "unknown webhook field");
                }
            });
            Webhook webhook = one(r, at, entry);
            if (webhook == null) {
                continue;
            }
            if (!seen.add(webhook.uid())) {
                r.problem(at + ".webhookUid", "declared twice: " + webhook.uid());
            }
            WebhookRules.check(webhook, providers).forEach(p -> r.problem(at, p));
            out.add(webhook);
        }
        return out;
    }

    private static Webhook one(ConfigReader r, String at, JsonNode e) {
        String uid = text(e, "webhookUid");
        String provider = text(e, "provider");
        if (uid == null || provider == null) {
            r.problem(at, "webhookUid and provider are required");
            return null;
        }
        Webhook.Builder b = Webhook.builder(uid, provider)
                .name(text(e, "name"))
                .senderId(text(e, "senderId"))
                .signingSecret(Secret.ofNullable(text(e, "signingSecret")))
                .verificationToken(Secret.ofNullable(text(e, "verificationToken")))
                .declared(true);
        previousSecret(r, at, e, b);
        String auth = text(e, "auth");
        if (auth != null && !auth.equals("none")) {
            r.problem(at + ".auth", "the only value is none");
        }
        b.authNone("none".equals(auth));
        Set<String> events = new LinkedHashSet<>();
        if (e.has("events")) {
            if (!e.get("events").isArray()) {
                r.problem(at + ".events", "must be a list of event types");
            } else {
                e.get("events").forEach(n -> events.add(n.asText()));
            }
        }
        b.events(events);
        String status = text(e, "status");
        if (status != null) {
            try {
                b.status(Webhook.Status.valueOf(status));
            } catch (IllegalArgumentException ex) {
                r.problem(at + ".status", "must be ACTIVE or INACTIVE");
            }
        }
        if (e.has("retryEnabled")) {
            b.retryEnabled(e.get("retryEnabled").asBoolean());
        }
        if (e.has("retryMaxAttempts")) {
            b.retryMaxAttempts(e.get("retryMaxAttempts").asInt(-1));
        }
        List<Cidr> cidrs = new ArrayList<>();
        if (e.has("allowedIps")) {
            e.get("allowedIps").forEach(n -> {
                try {
                    cidrs.add(Cidr.parse(n.asText()));
                } catch (IllegalArgumentException ex) {
                    r.problem(at + ".allowedIps", ex.getMessage());
                }
            });
        }
        b.allowedIps(cidrs);
        String clientCertificate = text(e, "clientCertificate");
        if (clientCertificate != null) {
            b.clientCertificate(clientCertificate.trim());
        }
        JsonNode rate = e.get("rateLimit");
        if (rate != null && !rate.isNull()) {
            try {
                JsonNode burst = rate.get("burst");
                b.rateLimit(RateLimit.of(rate.path("perSecond").asDouble(0),
                        burst == null || burst.isNull() ? null : burst.asInt(0)));
            } catch (IllegalArgumentException ex) {
                r.problem(at + ".rateLimit", ex.getMessage());
            }
        }
        return b.build();
    }

    /** Both or neither; the expiry an ISO-8601 instant; the old secret only beside a current one it differs from. */
    private static void previousSecret(ConfigReader r, String at, JsonNode e, Webhook.Builder b) {
        String previous = text(e, "previousSigningSecret");
        String expires = text(e, "previousSigningSecretExpiresAt");
        if (previous == null && expires == null) {
            return;
        }
        if (previous == null || expires == null) {
            r.problem(at + (previous == null ? ".previousSigningSecret" : ".previousSigningSecretExpiresAt"),
                    "previousSigningSecret and previousSigningSecretExpiresAt go together");
            return;
        }
        if (previous.equals(text(e, "signingSecret"))) {
            r.problem(at + ".previousSigningSecret", "must differ from signingSecret");
        } else if (text(e, "signingSecret") == null) {
            r.problem(at + ".previousSigningSecret", "needs the current signingSecret beside it");
        }
        try {
            b.previousSigningSecret(Secret.ofNullable(previous), Instant.parse(expires));
        } catch (DateTimeParseException ex) {
            r.problem(at + ".previousSigningSecretExpiresAt", "must be an ISO-8601 instant like 2026-12-02T00:00:00Z, "
                    + "got '" + expires + "'");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
