package dev.eventgateway.admin;

import dev.eventgateway.crypto.Secret;
import dev.eventgateway.http.ApiException;
import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.provider.JsonFields;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.provider.WebhookDefinitions;
import dev.eventgateway.provider.WebhookRules;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Turns admin request bodies into webhooks (create) or changes of one (update, rotate-secret). The fields a create
 * and an update share, their defaults and what makes the result valid are {@link WebhookDefinitions}' (the reader of
 * the config file's declarations too); this class reads the admin-only fields and reports unknown names.
 * <p>
 * Update and rotation return a change function that the store applies under the row lock. It checks, in order: the
 * {@code senderId} scope (404), that the webhook is not declared in the config file (409), then the request's own
 * problems and the rules (400) — so a caller learns first whether the webhook can be changed here at all.
 */
final class WebhookRequests {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "senderId", "provider", "events", "status",
            "signingSecret", "generateSigningSecret", "verificationToken", "auth", "retryEnabled", "retryMaxAttempts",
            "allowedIps", "rateLimit", "clientCertificate");
    private static final Set<String> UPDATE_FIELDS = Set.of("status", "events", "name", "retryEnabled",
            "retryMaxAttempts", "verificationToken", "clearVerificationToken", "allowedIps", "rateLimit",
            "clientCertificate",
            // refused with their own explanation below
            "signingSecret", "provider", "senderId");
    private static final Set<String> ENVELOPE_FIELDS = Set.of("senderId", "webhook");

    private final Providers providers;
    private final WebhookCredentials credentials;

    WebhookRequests(Providers providers, WebhookCredentials credentials) {
        this.providers = providers;
        this.credentials = credentials;
    }

    /**
     * A new webhook from {@code {"senderId":…,"webhook":{…}}} or the same fields flat. A new uid always. The signing
     * secret follows the provider's auth model (DESIGN §2): generated when none is given for a provider whose key the
     * user configures at the sender (Whats91) unless {@code "generateSigningSecret": false} or {@code "auth":"none"};
     * generated for WhatsAble only with {@code "generateSigningSecret": true}; never for Meta or Connexease, whose
     * signature is keyed with Meta's own app secret.
     *
     * @throws ApiException 400 VALIDATION_FAILED listing every problem
     */
    Webhook create(JsonObject body) {
        Problems problems = new Problems();
        JsonFields top = JsonFields.of(body, problems::add);
        JsonFields fields;
        String senderId;
        if (body.getValue("webhook") instanceof JsonObject) {
            top.rejectUnknown(ENVELOPE_FIELDS);
            fields = top.object("webhook");
            senderId = fields.text("senderId") != null ? fields.text("senderId") : top.text("senderId");
        } else {
            fields = top;
            senderId = top.text("senderId");
        }
        fields.rejectUnknown(CREATE_FIELDS);

        String provider = fields.text("provider") == null ? WebhookDefinitions.DEFAULT_PROVIDER
                : fields.text("provider").toLowerCase(Locale.ROOT);
        boolean authNone = WebhookDefinitions.authNone(fields);
        Secret signingSecret = Secret.ofNullable(fields.text("signingSecret"));
        Boolean generate = fields.bool("generateSigningSecret");
        ProviderAdapter adapter = providers.find(provider).orElse(null);
        if (Boolean.TRUE.equals(generate) && (signingSecret != null || authNone)) {
            problems.add("generateSigningSecret: give signingSecret, generateSigningSecret or \"auth\": \"none\", "
                    + "not two of them");
        } else if (Boolean.TRUE.equals(generate) && adapter != null && !WebhookRules.mayGenerateSigningSecret(adapter)) {
            problems.add("generateSigningSecret: a " + provider + " webhook's signing secret is the provider's own "
                    + "key and cannot be generated: give it as signingSecret");
        } else if (signingSecret == null && !authNone && adapter != null && (Boolean.TRUE.equals(generate)
                || generate == null && WebhookRules.generatesSigningSecret(adapter))) {
            signingSecret = credentials.newSigningSecret();
        }
        Webhook.Builder builder = Webhook.builder(credentials.newUid(), provider)
                .name(fields.text("name"))
                .senderId(senderId)
                .signingSecret(signingSecret)
                .verificationToken(Secret.ofNullable(fields.text("verificationToken")))
                .authNone(authNone);
        WebhookDefinitions.changes(fields).forEach(change -> change.accept(builder));
        Webhook webhook = builder.build();
        problems.addAll(WebhookRules.check(webhook, providers));
        problems.throwIfAny();
        return webhook;
    }

    /** The change of {@code {"senderId":…,"webhook":{status, events, …}}}; never touches the signing secret. */
    UnaryOperator<Webhook> update(JsonObject body) {
        Problems problems = new Problems();
        JsonFields top = JsonFields.of(body, problems::add);
        top.rejectUnknown(ENVELOPE_FIELDS);
        String scope = top.text("senderId");
        JsonFields fields = top.object("webhook");
        List<Consumer<Webhook.Builder>> changes = new ArrayList<>();
        if (fields == null) {
            problems.add("webhook must be an object with the fields to change");
        } else {
            fields.rejectUnknown(UPDATE_FIELDS);
            if (fields.has("signingSecret")) {
                problems.add("signingSecret is never changed by an update: "
                        + "POST /api/v2/webhooks/{webhookUid}/rotate-secret issues a new one");
            }
            if (fields.has("provider")) {
                problems.add("provider cannot be changed: create a new webhook");
            }
            if (fields.has("senderId")) {
                problems.add("senderId cannot be changed: create a new webhook");
            }
            changes.addAll(WebhookDefinitions.changes(fields));
            if (fields.has("name")) {
                String name = fields.text("name");
                changes.add(b -> b.name(name));
            }
            Boolean clear = fields.bool("clearVerificationToken");
            String token = fields.text("verificationToken");
            if (Boolean.TRUE.equals(clear) && token != null) {
                problems.add("give verificationToken or clearVerificationToken, not both");
            } else if (Boolean.TRUE.equals(clear)) {
                changes.add(b -> b.verificationToken(null));
            } else if (token != null) {
                changes.add(b -> b.verificationToken(Secret.ofNullable(token)).authNone(false));
            }
            if (changes.isEmpty() && problems.isEmpty()) {
                problems.add("Nothing to update: give at least one of status, events, name, retryEnabled, "
                        + "retryMaxAttempts, verificationToken, clearVerificationToken, allowedIps, rateLimit, "
                        + "clientCertificate");
            }
        }
        return current -> {
            checkChangeable(current, scope);
            problems.throwIfAny();
            Webhook.Builder builder = current.toBuilder();
            changes.forEach(change -> change.accept(builder));
            return checked(builder.build());
        };
    }

    /**
     * The change of {@code rotate-secret}: a new signing secret (the body's {@code signingSecret}, else a generated
     * one), and the current one kept as {@code previousSigningSecret} until {@code now + overlap}.
     */
    UnaryOperator<Webhook> rotate(JsonObject body, String scope, Instant now, Duration overlap) {
        Problems problems = new Problems();
        JsonFields fields = JsonFields.of(body, problems::add);
        fields.rejectUnknown(Set.of("signingSecret"));
        Secret given = Secret.ofNullable(fields.text("signingSecret"));
        return current -> {
            checkChangeable(current, scope);
            problems.throwIfAny();
            ProviderAdapter adapter = providers.get(current.provider());
            Secret next = given;
            if (next == null && !WebhookRules.mayGenerateSigningSecret(adapter)) {
                throw Problems.failure(List.of("a " + current.provider() + " webhook's signing secret is the "
                        + "provider's own key: give the new one as signingSecret"));
            }
            if (next == null) {
                next = credentials.newSigningSecret();
            }
            if (next.equals(current.signingSecret())) {
                throw Problems.failure(List.of("the new signingSecret must differ from the current one"));
            }
            Webhook.Builder builder = current.toBuilder().signingSecret(next).authNone(false);
            if (current.signingSecret() != null) {
                builder.previousSigningSecret(current.signingSecret(), now.plus(overlap));
            } else {
                builder.previousSigningSecret(null, null);
            }
            return checked(builder.build());
        };
    }

    /** The check of a delete: in scope (else 404) and not declared in the config file (else 409). */
    static Consumer<Webhook> delete(String scope) {
        return current -> checkChangeable(current, scope);
    }

    /** 404 when the caller scoped the request to another sender. */
    static void checkScope(Webhook webhook, String senderId) {
        if (senderId != null && !senderId.equals(webhook.senderId())) {
            throw notFound(webhook.uid());
        }
    }

    static ApiException notFound(String uid) {
        return ApiException.notFound("Webhook not found: " + uid);
    }

    private static void checkChangeable(Webhook current, String scope) {
        checkScope(current, scope);
        if (current.declared()) {
            throw ApiException.conflict("WEBHOOK_READ_ONLY", "Webhook " + current.uid()
                    + " is declared in the gateway configuration and is read-only here: change it in the config file");
        }
    }

    private Webhook checked(Webhook webhook) {
        List<String> problems = WebhookRules.check(webhook, providers);
        if (!problems.isEmpty()) {
            throw Problems.failure(problems);
        }
        return webhook;
    }
}
