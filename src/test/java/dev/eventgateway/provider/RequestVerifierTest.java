package dev.eventgateway.provider;

import dev.eventgateway.crypto.Secret;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Every auth scheme of DESIGN §2, through each adapter's {@link ProviderAdapter#verify}. */
class RequestVerifierTest {

    private static final Instant NOW = Fixtures.RECEIVED_AT;

    private static boolean verify(Webhook webhook, MultiMap headers, byte[] body) {
        return Fixtures.adapter(webhook.provider()).verify(webhook, headers, body, NOW);
    }

    private static byte[] body(String provider) {
        return Fixtures.bytes(switch (provider) {
            case "whats91" -> "whats91/text-inbound.json";
            case "whatsable" -> "whatsable/incoming-message.json";
            case "connexease" -> "connexease/message.json";
            default -> "meta/text-message.json";
        });
    }

    private static String header(String provider) {
        return Fixtures.adapter(provider).auth().signatureHeader();
    }

    /** Genuine headers with the signature replaced. */
    private static MultiMap withSignature(Webhook webhook, byte[] body, String signature) {
        MultiMap headers = Fixtures.headers(webhook, body);
        headers.remove(header(webhook.provider()));
        if (signature != null) {
            headers.add(header(webhook.provider()), signature);
        }
        return headers;
    }

    /** Signature checks, the same for every provider: each signs the raw body with HMAC-SHA256. */
    @Nested
    class Signature {

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
        void acceptsTheGenuineSignature(String provider) {
            Webhook webhook = Fixtures.webhook(provider);
            byte[] body = body(provider);

            assertThat(verify(webhook, Fixtures.headers(webhook, body), body)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
        void headerNamesAreCaseInsensitive(String provider) {
            Webhook webhook = Fixtures.webhook(provider);
            byte[] body = body(provider);
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            Fixtures.headers(webhook, body)
                    .forEach(e -> headers.add(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));

            assertThat(verify(webhook, headers, body)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
        void refusesAWrongKey(String provider) {
            Webhook webhook = Fixtures.webhook(provider);
            byte[] body = body(provider);
            String forged = Fixtures.signature(Fixtures.adapter(provider).auth(), "not-the-secret", body);

            assertThat(verify(webhook, withSignature(webhook, body, forged), body)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
        void refusesABodyWithOneByteChanged(String provider) {
            Webhook webhook = Fixtures.webhook(provider);
            byte[] body = body(provider);
            MultiMap headers = Fixtures.headers(webhook, body);
            byte[] tampered = body.clone();
            tampered[tampered.length / 2] ^= 0x01;

            assertThat(verify(webhook, headers, tampered)).isFalse();
            assertThat(verify(webhook, headers, (new String(body, StandardCharsets.UTF_8) + " ")
                    .getBytes(StandardCharsets.UTF_8))).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
        void refusesMalformedSignatures(String provider) {
            Webhook webhook = Fixtures.webhook(provider);
            byte[] body = body(provider);
            String genuine = Fixtures.signature(provider, body);

            assertThat(verify(webhook, withSignature(webhook, body, genuine.substring(0, genuine.length() - 1)), body))
                    .as("truncated").isFalse();
            assertThat(verify(webhook, withSignature(webhook, body, genuine.substring(0, genuine.length() / 2)), body))
                    .as("half").isFalse();
            assertThat(verify(webhook, withSignature(webhook, body, genuine + "0"), body))
                    .as("longer").isFalse();
            assertThat(verify(webhook, withSignature(webhook, body, genuine.toUpperCase(Locale.ROOT)), body))
                    .as("upper-case hex").isFalse();
            assertThat(verify(webhook, withSignature(webhook, body, ""), body)).as("empty").isFalse();
            assertThat(verify(webhook, withSignature(webhook, body, null), body)).as("missing").isFalse();
            assertThat(verify(webhook, withSignature(webhook, body, "sha256=é☕\uD83D\uDE00"), body))
                    .as("not ASCII").isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"meta", "connexease"})
        void hubSignatureNeedsItsPrefix(String provider) {
            Webhook webhook = Fixtures.webhook(provider);
            byte[] body = body(provider);
            String hex = Signatures.hmacSha256Hex(Fixtures.signingSecret(provider).getBytes(StandardCharsets.UTF_8),
                    body);

            assertThat(verify(webhook, withSignature(webhook, body, "sha256=" + hex), body)).isTrue();
            assertThat(verify(webhook, withSignature(webhook, body, hex), body)).isFalse();
            assertThat(verify(webhook, withSignature(webhook, body, "SHA256=" + hex), body)).isFalse();
            assertThat(verify(webhook, withSignature(webhook, body, "sha1=" + hex), body)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "whatsable"})
        void plainHexSignatureTakesNoPrefix(String provider) {
            Webhook webhook = Fixtures.webhook(provider);
            byte[] body = body(provider);
            String hex = Signatures.hmacSha256Hex(Fixtures.signingSecret(provider).getBytes(StandardCharsets.UTF_8),
                    body);

            assertThat(verify(webhook, withSignature(webhook, body, hex), body)).isTrue();
            assertThat(verify(webhook, withSignature(webhook, body, "sha256=" + hex), body)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
        void refusesAnotherWebhooksSecret(String provider) {
            Webhook mine = Fixtures.webhook(provider);
            Webhook other = Fixtures.webhookBuilder(provider).signingSecret(Secret.ofNullable("other-secret")).build();
            byte[] body = body(provider);

            assertThat(verify(mine, Fixtures.headers(other, body), body)).isFalse();
            assertThat(verify(other, Fixtures.headers(mine, body), body)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
        void previousSecretCountsOnlyInsideItsOverlapWindow(String provider) {
            Webhook old = Fixtures.webhook(provider);
            byte[] body = body(provider);
            MultiMap signedWithOld = Fixtures.headers(old, body);
            Webhook rotated = Fixtures.webhookBuilder(provider)
                    .signingSecret(Secret.ofNullable("rotated-secret"))
                    .previousSigningSecret(old.signingSecret(), NOW.plus(Duration.ofHours(24)))
                    .build();
            ProviderAdapter adapter = Fixtures.adapter(provider);

            assertThat(adapter.verify(rotated, signedWithOld, body, NOW)).as("inside").isTrue();
            assertThat(adapter.verify(rotated, signedWithOld, body, NOW.plus(Duration.ofHours(24))))
                    .as("at expiry").isFalse();
            assertThat(adapter.verify(rotated, signedWithOld, body, NOW.plus(Duration.ofHours(25))))
                    .as("after").isFalse();
            assertThat(adapter.verify(rotated, Fixtures.headers(rotated, body), body, NOW.plus(Duration.ofDays(30))))
                    .as("new secret").isTrue();
        }
    }

    /** {@code X-CRM-Webhook-Token} of Whats91 and WhatsAble. */
    @Nested
    class CrmToken {

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "whatsable"})
        void tokenMustBeThere(String provider) {
            Webhook webhook = Fixtures.webhook(provider);
            byte[] body = body(provider);
            MultiMap headers = Fixtures.headers(webhook, body);

            assertThat(verify(webhook, headers, body)).as("right").isTrue();
            headers.set(AuthScheme.CRM_TOKEN_HEADER, "wrong-token");
            assertThat(verify(webhook, headers, body)).as("wrong").isFalse();
            headers.set(AuthScheme.CRM_TOKEN_HEADER, Fixtures.verificationToken(provider).toUpperCase(Locale.ROOT));
            assertThat(verify(webhook, headers, body)).as("other case").isFalse();
            headers.set(AuthScheme.CRM_TOKEN_HEADER, "");
            assertThat(verify(webhook, headers, body)).as("empty").isFalse();
            headers.remove(AuthScheme.CRM_TOKEN_HEADER);
            assertThat(verify(webhook, headers, body)).as("missing").isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "whatsable"})
        void tokenAloneIsEnoughWithoutASigningSecret(String provider) {
            Webhook webhook = Fixtures.webhookBuilder(provider).signingSecret(null).build();
            byte[] body = body(provider);
            MultiMap headers = Fixtures.headers(webhook, body);

            assertThat(headers.contains(header(provider))).isFalse();
            assertThat(verify(webhook, headers, body)).isTrue();
            assertThat(verify(webhook, MultiMap.caseInsensitiveMultiMap(), body)).isFalse();
        }
    }

    /** {@code Authorization: Bearer} of Connexease. */
    @Nested
    class Bearer {

        private final Webhook webhook = Fixtures.webhookBuilder("connexease").signingSecret(null).build();
        private final byte[] body = body("connexease");
        private final String token = Fixtures.verificationToken("connexease");

        private boolean withAuthorization(String authorization) {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            if (authorization != null) {
                headers.add("Authorization", authorization);
            }
            return verify(webhook, headers, body);
        }

        @Test
        void acceptsTheRightToken() {
            assertThat(withAuthorization("Bearer " + token)).isTrue();
            assertThat(verify(webhook, Fixtures.headers(webhook, body), body)).isTrue();
        }

        @Test
        void theSchemeNameIsCaseInsensitive() {
            assertThat(withAuthorization("bearer " + token)).isTrue();
            assertThat(withAuthorization("BEARER " + token)).isTrue();
        }

        @Test
        void refusesMissingWrongOrMalformedCredentials() {
            assertThat(withAuthorization(null)).as("missing").isFalse();
            assertThat(withAuthorization("Bearer wrong")).as("wrong").isFalse();
            assertThat(withAuthorization("Bearer " + token + "x")).as("longer").isFalse();
            assertThat(withAuthorization("Bearer ")).as("empty").isFalse();
            assertThat(withAuthorization("Bearer")).as("no token").isFalse();
            assertThat(withAuthorization(token)).as("no scheme").isFalse();
            assertThat(withAuthorization("Basic " + token)).as("other scheme").isFalse();
        }

        @Test
        void withASigningSecretBothMustPass() {
            Webhook signed = Fixtures.connexease();
            MultiMap headers = Fixtures.headers(signed, body);
            assertThat(verify(signed, headers, body)).isTrue();

            headers.set("Authorization", "Bearer wrong");
            assertThat(verify(signed, headers, body)).as("signature right, bearer wrong").isFalse();

            MultiMap unsigned = Fixtures.headers(signed, body);
            unsigned.remove(header("connexease"));
            assertThat(verify(signed, unsigned, body)).as("bearer right, signature missing").isFalse();
        }
    }

    /** Meta's token answers only the GET handshake; a POST needs the signature. */
    @Nested
    class MetaToken {

        @Test
        void aTokenOnAPostIsNoCredential() {
            Webhook webhook = Fixtures.meta();
            byte[] body = body("meta");
            MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                    .add(AuthScheme.CRM_TOKEN_HEADER, Fixtures.verificationToken("meta"))
                    .add("Authorization", "Bearer " + Fixtures.verificationToken("meta"));

            assertThat(verify(webhook, headers, body)).isFalse();
        }

        @Test
        void aWebhookWithOnlyAVerifyTokenRefusesEveryPost() {
            Webhook webhook = Fixtures.webhookBuilder("meta").signingSecret(null).build();
            byte[] body = body("meta");

            assertThat(verify(webhook, Fixtures.headers(webhook, body), body)).isFalse();
            assertThat(verify(webhook, Fixtures.headers(Fixtures.meta(), body), body)).isFalse();
        }
    }

    /** A webhook with no credential at all. */
    @Nested
    class NoCredential {

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
        void isRefusedUnlessCreatedWithAuthNone(String provider) {
            Webhook bare = Fixtures.webhookBuilder(provider).signingSecret(null).verificationToken(null).build();
            byte[] body = body(provider);

            assertThat(verify(bare, MultiMap.caseInsensitiveMultiMap(), body)).isFalse();
            assertThat(verify(bare, Fixtures.headers(Fixtures.webhook(provider), body), body)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
        void authNoneIsAccepted(String provider) {
            Webhook open = Fixtures.webhookBuilder(provider).signingSecret(null).verificationToken(null)
                    .authNone(true).build();

            assertThat(verify(open, MultiMap.caseInsensitiveMultiMap(), body(provider))).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
        void authNoneDoesNotWaiveAConfiguredSecret(String provider) {
            Webhook webhook = Fixtures.webhookBuilder(provider).authNone(true).build();

            assertThat(verify(webhook, MultiMap.caseInsensitiveMultiMap(), body(provider))).isFalse();
        }
    }
}
