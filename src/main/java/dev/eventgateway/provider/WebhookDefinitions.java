package dev.eventgateway.provider;

import dev.eventgateway.config.ConfigException;
import dev.eventgateway.config.WebhookDeclaration;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.webhook.Cidr;
import dev.eventgateway.webhook.RateLimit;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one reader of a webhook definition, for the config file's declarations (DESIGN §7) and the admin API's create
 * and update alike: which fields there are, how each reads, the defaults of what a definition leaves out
 * ({@link Webhook.Builder}, {@link RateLimit#of}, {@link #DEFAULT_PROVIDER}) and, through {@link WebhookRules}, what
 * makes the result valid. A declaration never gets a generated secret: the file holds every secret itself,
 * {@code previousSigningSecret} with {@code previousSigningSecretExpiresAt} giving a secret change in the file the
 * same overlap as {@code rotate-secret}.
 */
public final class WebhookDefinitions {

    /** The provider of an admin-created webhook that names none. */
    public static final String DEFAULT_PROVIDER = "whats91";

    private static final Set<String> DECLARATION_FIELDS = Set.of("webhookUid", "name", "provider", "senderId",
            "signingSecret", "previousSigningSecret", "previousSigningSecretExpiresAt", "verificationToken", "events",
            "status", "auth", "retryEnabled", "retryMaxAttempts", "allowedIps", "rateLimit", "clientCertificate");

    private WebhookDefinitions() {
    }

    /**
     * The webhooks the config file declares, each valid by the same rules as an admin-created one.
     *
     * @throws ConfigException listing every problem of every declaration, each naming its place in the file
     */
    public static List<Webhook> declared(List<WebhookDeclaration> declarations, Providers providers) {
        List<String> problems = new ArrayList<>();
        List<Webhook> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (WebhookDeclaration declaration : declarations) {
            String at = declaration.path();
            // a problem naming a field of its own (".previousSigningSecret: …") follows the path directly
            Consumer<String> sink = p -> problems.add(at + (p.startsWith(".") ? p : ": " + p));
            Webhook webhook = declared(JsonFields.ofYaml(new JsonObject(declaration.fields()), sink));
            if (webhook == null) {
                continue;
            }
            if (!seen.add(webhook.uid())) {
                sink.accept(".webhookUid: declared twice: " + webhook.uid());
            }
            WebhookRules.check(webhook, providers).forEach(sink);
            out.add(webhook);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return out;
    }

    private static Webhook declared(JsonFields fields) {
        fields.rejectUnknown(DECLARATION_FIELDS);
        String uid = fields.text("webhookUid");
        String provider = fields.text("provider");
        if (uid == null || provider == null) {
            fields.problem("webhookUid and provider are required");
            return null;
        }
        Webhook.Builder b = Webhook.builder(uid, provider)
                .name(fields.text("name"))
                .senderId(fields.text("senderId"))
                .signingSecret(Secret.ofNullable(fields.text("signingSecret")))
                .verificationToken(Secret.ofNullable(fields.text("verificationToken")))
                .authNone(authNone(fields))
                .declared(true);
        previousSecret(fields, b);
        changes(fields).forEach(change -> change.accept(b));
        return b.build();
    }

    /** Whether the definition says {@code "auth": "none"}, the only value that field has. */
    public static boolean authNone(JsonFields fields) {
        String auth = fields.text("auth");
        if (auth != null && !auth.equals("none")) {
            fields.problem("auth: the only value is none");
        }
        return "none".equals(auth);
    }

    /**
     * The fields a declaration, a create and an update share, as changes to a builder; absent fields change nothing,
     * {@code "rateLimit": null} removes the limit.
     */
    public static List<Consumer<Webhook.Builder>> changes(JsonFields fields) {
        List<Consumer<Webhook.Builder>> changes = new ArrayList<>();
        List<String> events = fields.texts("events");
        if (events != null) {
            Set<String> set = new LinkedHashSet<>(events);
            changes.add(b -> b.events(set));
        }
        String status = fields.text("status");
        if (status != null) {
            try {
                Webhook.Status value = Webhook.Status.valueOf(status.toUpperCase(Locale.ROOT));
                changes.add(b -> b.status(value));
            } catch (IllegalArgumentException e) {
                fields.problem("status must be ACTIVE or INACTIVE");
            }
        }
        Boolean retryEnabled = fields.bool("retryEnabled");
        if (retryEnabled != null) {
            changes.add(b -> b.retryEnabled(retryEnabled));
        }
        Integer retryMaxAttempts = fields.integer("retryMaxAttempts");
        if (retryMaxAttempts != null) {
            changes.add(b -> b.retryMaxAttempts(retryMaxAttempts));
        }
        List<String> ips = fields.texts("allowedIps");
        if (ips != null) {
            List<Cidr> cidrs = new ArrayList<>();
            for (String ip : ips) {
                try {
                    cidrs.add(Cidr.parse(ip));
                } catch (IllegalArgumentException e) {
                    fields.problem("allowedIps: " + e.getMessage());
                }
            }
            changes.add(b -> b.allowedIps(cidrs));
        }
        if (fields.isNull("rateLimit")) {
            changes.add(b -> b.rateLimit(null));
        } else if (fields.has("rateLimit")) {
            JsonFields rate = fields.object("rateLimit");
            if (rate != null) {
                rate.rejectUnknown(Set.of("perSecond", "burst"));
            }
            Double perSecond = rate == null ? null : rate.number("perSecond");
            Integer burst = rate == null ? null : rate.integer("burst");
            if (rate != null && perSecond == null) {
                fields.problem("rateLimit.perSecond is required");
            } else if (perSecond != null) {
                try {
                    RateLimit limit = RateLimit.of(perSecond, burst);
                    changes.add(b -> b.rateLimit(limit));
                } catch (IllegalArgumentException e) {
                    fields.problem(e.getMessage());
                }
            }
        }
        // mTLS per webhook: "any" certificate the listener's clientCa signed, or the CN / DNS name it must carry
        if (fields.isNull("clientCertificate")) {
            changes.add(b -> b.clientCertificate(null));
        } else {
            String clientCertificate = fields.text("clientCertificate");
            if (clientCertificate != null) {
                changes.add(b -> b.clientCertificate(clientCertificate.trim()));
            }
        }
        return changes;
    }

    /** Both or neither; the expiry an ISO-8601 instant; the old secret only beside a current one it differs from. */
    private static void previousSecret(JsonFields fields, Webhook.Builder b) {
        String previous = fields.text("previousSigningSecret");
        String expires = fields.text("previousSigningSecretExpiresAt");
        if (previous == null && expires == null) {
            return;
        }
        if (previous == null || expires == null) {
            fields.problem((previous == null ? ".previousSigningSecret" : ".previousSigningSecretExpiresAt")
                    + ": previousSigningSecret and previousSigningSecretExpiresAt go together");
            return;
        }
        String current = fields.text("signingSecret");
        if (previous.equals(current)) {
            fields.problem(".previousSigningSecret: must differ from signingSecret");
        } else if (current == null) {
            fields.problem(".previousSigningSecret: needs the current signingSecret beside it");
        }
        try {
            b.previousSigningSecret(Secret.ofNullable(previous), Instant.parse(expires));
        } catch (DateTimeParseException ex) {
            fields.problem(".previousSigningSecretExpiresAt: must be an ISO-8601 instant like 2026-12-02T00:00:00Z, "
                    + "got '" + expires + "'");
        }
    }
}
