package dev.eventgateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.AuthScheme;
import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.provider.Signatures;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The signed-fixture corpus ({@code src/test/resources/payloads/<provider>/*.json}) and a test webhook per provider,
 * for unit, route and integration tests alike.
 * <p>
 * A fixture is loaded as its exact file bytes: those bytes are what a provider signs and what the gateway verifies,
 * so a fixture must never be re-serialized before it is signed or sent. Paths are relative to {@code payloads/},
 * e.g. {@code "meta/text-message.json"}. Every test webhook has a signing secret and a verification token known
 * here, so {@link #headers(Webhook, byte[])} can build what a genuine sender would send.
 */
public final class Fixtures {

    /** Every provider of the corpus, as {@link Providers#standard()} names them. */
    public static final List<String> PROVIDERS = List.of("whats91", "meta", "whatsable", "connexease");

    /** A fixed receive time, so that events built in tests compare equal. */
    public static final Instant RECEIVED_AT = Instant.parse("2026-06-05T10:30:00.412Z");

    private static final Providers ADAPTERS = Providers.standard();

    /** The business number each test webhook serves (Meta's is the phone_number_id of the Meta fixtures). */
    private static final Map<String, String> SENDER_IDS = Map.of(
            "whats91", "916268662275",
            "meta", "106540352242922",
            "whatsable", "8801700000000",
            "connexease", "973255022542907");

    private Fixtures() {
    }

    // ---- fixture bytes -------------------------------------------------------------------------------------------

    /** The exact bytes of a fixture. */
    public static byte[] bytes(String path) {
        String resource = "payloads/" + path;
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exact bytes of a fixture as a Vert.x buffer. */
    public static Buffer buffer(String path) {
        return Buffer.buffer(bytes(path));
    }

    /** A fixture as text (UTF-8), e.g. a stored signature. */
    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /** A fixture parsed by the gateway's own mapper. */
    public static JsonNode json(String path) {
        return parse(bytes(path));
    }

    public static JsonNode parse(byte[] body) {
        try {
            return EventJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code *.json} fixture of a provider, as sorted paths relative to {@code payloads/}. */
    public static List<String> list(String provider) {
        URL url = Fixtures.class.getClassLoader().getResource("payloads/" + provider);
        if (url == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .map(name -> provider + "/" + name)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- webhooks ------------------------------------------------------------------------------------------------

    public static ProviderAdapter adapter(String provider) {
        return ADAPTERS.get(provider);
    }

    public static String uid(String provider) {
        return "wh_" + provider + "_test";
    }

    public static String senderId(String provider) {
        return SENDER_IDS.get(provider);
    }

    /** The signing secret of the provider's test webhook (Meta's app secret for the Meta one). */
    public static String signingSecret(String provider) {
        return provider + "-app-secret-for-tests";
    }

    public static String verificationToken(String provider) {
        return provider + "-verify-token-for-tests";
    }

    /** The provider's test webhook: ACTIVE, every event type, with a signing secret and a verification token. */
    public static Webhook webhook(String provider) {
        return webhookBuilder(provider).build();
    }

    /** The test webhook as a builder, to vary one field (status, secrets, events…). */
    public static Webhook.Builder webhookBuilder(String provider) {
        return Webhook.builder(uid(provider), provider)
                .name(provider + " test webhook")
                .senderId(senderId(provider))
                .signingSecret(Secret.ofNullable(signingSecret(provider)))
                .verificationToken(Secret.ofNullable(verificationToken(provider)))
                .createdAt(RECEIVED_AT)
                .updatedAt(RECEIVED_AT);
    }

    public static Webhook meta() {
        return webhook("meta");
    }

    public static Webhook whats91() {
        return webhook("whats91");
    }

    public static Webhook whatsable() {
        return webhook("whatsable");
    }

    public static Webhook connexease() {
        return webhook("connexease");
    }

    // ---- signing -------------------------------------------------------------------------------------------------

    /** The signature header value a sender using this scheme and key sends for the body. */
    public static String signature(AuthScheme scheme, String secret, byte[] body) {
        return Signatures.headerValue(scheme, secret, body);
    }

    /** The signature header value for the body, signed with the provider's test secret. */
    public static String signature(String provider, byte[] body) {
        return signature(adapter(provider).auth(), signingSecret(provider), body);
    }

    /**
     * The headers a genuine sender of the webhook's provider sends with this body: {@code Content-Type}, the
     * signature when the webhook has a signing secret, and the token where the provider carries it on POST.
     */
    public static MultiMap headers(Webhook webhook, byte[] body) {
        AuthScheme scheme = adapter(webhook.provider()).auth();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
        if (webhook.signingSecret() != null && scheme.signatureHeader() != null) {
            headers.add(scheme.signatureHeader(), signature(scheme, webhook.signingSecret().reveal(), body));
        }
        if (webhook.verificationToken() != null) {
            switch (scheme.token()) {
                case CRM_HEADER -> headers.add(AuthScheme.CRM_TOKEN_HEADER, webhook.verificationToken().reveal());
                case BEARER -> headers.add("Authorization", "Bearer " + webhook.verificationToken().reveal());
                case CHALLENGE_ONLY -> {
                    // the token only answers the GET handshake
                }
            }
        }
        return headers;
    }

    // ---- normalizing ---------------------------------------------------------------------------------------------

    /** Parses a fixture and normalizes it with the webhook's provider, received at {@link #RECEIVED_AT}. */
    public static List<WebhookEvent> normalize(Webhook webhook, String path) {
        return normalize(webhook, bytes(path));
    }

    public static List<WebhookEvent> normalize(Webhook webhook, byte[] body) {
        return adapter(webhook.provider()).normalize(webhook, parse(body), RECEIVED_AT);
    }
}
