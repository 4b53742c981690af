package dev.eventgateway.provider;

import dev.eventgateway.event.EventJson;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Meta guide's pitfall (DESIGN §2): a signature is over the bytes Meta sent, not over a re-serialization of the
 * JSON. The fixture holds literal emoji and escaped unicode ({@code \u00e9}, {@code \ud83d\ude00}, {@code \/}), which
 * any re-serialization writes differently.
 */
class RawBodySignatureTest {

    private static final String FIXTURE = "meta/text-emoji-escaped-unicode.json";

    private final Webhook webhook = Fixtures.meta();
    private final ProviderAdapter meta = Fixtures.adapter("meta");
    private final byte[] body = Fixtures.bytes(FIXTURE);
    /** Computed outside the gateway: {@code openssl dgst -sha256 -hmac meta-app-secret-for-tests}. */
    private final String opensslSignature = Fixtures.text(FIXTURE + ".sig");

    private boolean verify(byte[] bytes, String signature) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Hub-Signature-256", signature);
        return meta.verify(webhook, headers, bytes, Fixtures.RECEIVED_AT);
    }

    @Test
    void fixtureHoldsBothEscapedAndLiteralUnicode() {
        String text = new String(body, StandardCharsets.UTF_8);

        assertThat(text).contains("\\u00e9", "\\ud83d\\ude00", "\\/", "\u2615", "\uD83D\uDE00", "\uD83C\uDF38");
    }

    @Test
    void hmacOverTheFileBytesVerifies() {
        assertThat(Fixtures.signature("meta", body)).isEqualTo(opensslSignature);
        assertThat(verify(body, opensslSignature)).isTrue();
    }

    @Test
    void hmacOverAReSerializationDoesNotVerify() throws Exception {
        byte[] reSerialized = EventJson.MAPPER.writeValueAsBytes(EventJson.MAPPER.readTree(body));

        assertThat(EventJson.MAPPER.readTree(reSerialized)).isEqualTo(EventJson.MAPPER.readTree(body));
        assertThat(reSerialized).isNotEqualTo(body);
        // the signature Meta sent does not match the re-serialized bytes…
        assertThat(verify(reSerialized, opensslSignature)).isFalse();
        // …and a signature computed over the re-serialization (the guide's JSON.stringify) does not match Meta's bytes
        assertThat(verify(body, Fixtures.signature("meta", reSerialized))).isFalse();
    }
}
