package dev.eventgateway.provider;

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
        if (webhook.retryMaxAttempts() < 1 || webhook.retryMaxAttempts() > MAX_RETRY_ATTEMPTS) {
            problems.add("retryMaxAttempts must be between 1 and " + MAX_RETRY_ATTEMPTS);
        }
        if (adapter != null && !webhook.authNone() && !canAuthenticate(webhook, adapter.auth())) {
            problems.add(switch (adapter.auth().token()) {
                case CHALLENGE_ONLY -> "a " + webhook.provider()
                        + " webhook needs a signingSecret (the app secret), or \"auth\": \"none\"";
                default -> "a " + webhook.provider()
                        + " webhook needs a signingSecret or a verificationToken, or \"auth\": \"none\"";
            });
        }
        return problems;
    }

    /** Whether some configured credential is checked on every POST for this provider. */
    private static boolean canAuthenticate(Webhook webhook, AuthScheme scheme) {
        boolean signature = webhook.signingSecret() != null && scheme.signatureHeader() != null;
        boolean token = webhook.verificationToken() != null
                && scheme.token() != AuthScheme.TokenPlacement.CHALLENGE_ONLY;
        return signature || token;
    }
}
