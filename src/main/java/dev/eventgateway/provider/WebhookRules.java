package dev.eventgateway.provider;

import dev.eventgateway.crypto.Secret;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.webhook.Webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What makes a webhook valid, for the config file and the admin API alike. Each problem is phrased for the caller,
 * e.g. {@code Unsupported webhook event: message.invalid}.
 */
public final class WebhookRules {

    public static final Pattern UID = Pattern.compile("wh_[A-Za-z0-9_-]{1,60}");
    public static final int MAX_RETRY_ATTEMPTS = 20;
    public static final int MAX_TEXT = 200;
    public static final int MAX_SECRET = 512;
    public static final int MAX_ALLOWED_IPS = 100;

    private WebhookRules() {
    }

    public static List<String> check(Webhook webhook, Providers providers) {
        List<String> problems = new ArrayList<>();
        if (!UID.matcher(webhook.uid()).matches()) {
            problems.add("webhookUid must be wh_ followed by 1-60 letters, digits, _ or -: " + webhook.uid());
        }
        ProviderAdapter adapter = providers.find(webhook.provider()).orElse(null);
        if (adapter == null) {
            problems.add("Unsupported provider: " + webhook.provider() + " (known: "
                    + String.join(", ", providers.names().stream().sorted().toList()) + ")");
        }
        for (String event : webhook.events()) {
            if (!EventTypes.isKnown(event)) {
                problems.add("Unsupported webhook event: " + event);
            }
        }
        if (webhook.name() != null && webhook.name().length() > MAX_TEXT) {
            problems.add("name must be at most " + MAX_TEXT + " characters");
        }
        if (webhook.senderId() != null && webhook.senderId().length() > MAX_TEXT) {
            problems.add("senderId must be at most " + MAX_TEXT + " characters");
        }
        if (tooLong(webhook.signingSecret()) || tooLong(webhook.verificationToken())) {
            problems.add("signingSecret and verificationToken must be at most " + MAX_SECRET + " characters");
        }
        if (webhook.allowedIps().size() > MAX_ALLOWED_IPS) {
            problems.add("allowedIps may hold at most " + MAX_ALLOWED_IPS + " entries");
        }
        if (webhook.clientCertificate() != null
                && (webhook.clientCertificate().isBlank() || webhook.clientCertificate().length() > MAX_TEXT)) {
            problems.add("clientCertificate must be \"any\" or the name the client certificate carries (subject CN"
                    + " or DNS name), at most " + MAX_TEXT + " characters");
        }
        if (webhook.authNone() && (webhook.signingSecret() != null || webhook.verificationToken() != null)) {
            problems.add("\"auth\": \"none\" means no secret: remove signingSecret and verificationToken");
        }
        if (webhook.retryMaxAttempts() < 1 || webhook.retryMaxAttempts() > MAX_RETRY_ATTEMPTS) {
            problems.add("retryMaxAttempts must be between 1 and " + MAX_RETRY_ATTEMPTS);
        }
        if (adapter != null) {
            problems.addAll(credentialProblems(webhook, adapter.auth()));
        }
        return problems;
    }

    /**
     * Whether the gateway makes up a signing secret when a create request gives none and does not say otherwise.
     * Only where the user configures the key at the sender (Whats91); not for Meta, whose key is the app secret Meta
     * already holds, nor for senders that may not sign at all (WhatsAble, Connexease).
     */
    public static boolean generatesSigningSecret(ProviderAdapter adapter) {
        return adapter.auth().signatureHeader() != null
                && adapter.auth().credentials().secretSource() == AuthScheme.SecretSource.GATEWAY;
    }

    /**
     * Whether the gateway may make up a signing secret when asked (create with {@code generateSigningSecret},
     * rotate-secret) and hand it to the user to configure at the sender: never when the key is the provider's own.
     */
    public static boolean mayGenerateSigningSecret(ProviderAdapter adapter) {
        return adapter.auth().signatureHeader() != null
                && adapter.auth().credentials().secretSource() != AuthScheme.SecretSource.PROVIDER;
    }

    /** DESIGN §2: the credentials the provider's requests always carry must be configured; each problem names its field. */
    private static List<String> credentialProblems(Webhook webhook, AuthScheme scheme) {
        List<String> problems = new ArrayList<>();
        String provider = webhook.provider();
        if (scheme.credentials().signingSecretRequired() && webhook.signingSecret() == null) {
            problems.add("signingSecret is required for a " + provider + " webhook: the key the provider signs every "
                    + "request with (" + scheme.signatureHeader() + "); the provider issues it, so it is never "
                    + "generated");
        }
        if (scheme.credentials().verificationTokenRequired() && webhook.verificationToken() == null) {
            problems.add("verificationToken is required for a " + provider + " webhook: " + switch (scheme.token()) {
                case CHALLENGE_ONLY -> "the verify token of the provider's GET subscription handshake (hub.verify_token)";
                case BEARER -> "the token the provider sends as Authorization: Bearer with every request";
                case CRM_HEADER -> "the token the provider sends as " + AuthScheme.CRM_TOKEN_HEADER;
            });
        }
        if (problems.isEmpty() && !webhook.authNone() && !canAuthenticate(webhook, scheme)) {
            problems.add("a " + provider + " webhook needs a signingSecret or a verificationToken, "
                    + "or \"auth\": \"none\"");
        }
        return problems;
    }

    private static boolean tooLong(Secret secret) {
        return secret != null && secret.reveal().length() > MAX_SECRET;
    }

    /** Whether some configured credential is checked on every POST for this provider. */
    private static boolean canAuthenticate(Webhook webhook, AuthScheme scheme) {
        boolean signature = webhook.signingSecret() != null && scheme.signatureHeader() != null;
        boolean token = webhook.verificationToken() != null
                && scheme.token() != AuthScheme.TokenPlacement.CHALLENGE_ONLY;
        return signature || token;
    }
}
