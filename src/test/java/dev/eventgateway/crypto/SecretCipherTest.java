package dev.eventgateway.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTest {

    private final SecretCipher cipher = SecretCipher.of(Secret.ofNullable(SecretCipher.newKey()));

    @Test
    void roundTripsAndNeverShowsThePlainText() {
        String sealed = cipher.encrypt(Secret.ofNullable("whats91-signing-secret"), "wh_a/signing_secret");

        assertThat(sealed).startsWith("v1:").doesNotContain("whats91-signing-secret");
        assertThat(cipher.decrypt(sealed, "wh_a/signing_secret").reveal()).isEqualTo("whats91-signing-secret");
    }

    @Test
    void theSameSecretEncryptsDifferentlyEachTime() {
        Secret secret = Secret.ofNullable("same");

        assertThat(cipher.encrypt(secret, "wh_a/signing_secret"))
                .isNotEqualTo(cipher.encrypt(secret, "wh_a/signing_secret"));
    }

    @Test
    void aCiphertextMovedToAnotherWebhookOrColumnDoesNotOpen() {
        String sealed = cipher.encrypt(Secret.ofNullable("token"), "wh_a/verification_token");

        assertThatThrownBy(() -> cipher.decrypt(sealed, "wh_b/verification_token"))
                .isInstanceOf(SecretCipher.DecryptionException.class).hasMessageContaining("wh_b/verification_token");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "wh_a/signing_secret"))
                .isInstanceOf(SecretCipher.DecryptionException.class);
    }

    @Test
    void anotherKeyOrAnAlteredValueDoesNotOpen() {
        String sealed = cipher.encrypt(Secret.ofNullable("token"), "wh_a/signing_secret");
        SecretCipher other = SecretCipher.of(Secret.ofNullable(SecretCipher.newKey()));
        int at = sealed.length() - 2; // inside the tag
        String altered = sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);

        assertThatThrownBy(() -> other.decrypt(sealed, "wh_a/signing_secret"))
                .isInstanceOf(SecretCipher.DecryptionException.class).hasMessageNotContaining("token");
        assertThatThrownBy(() -> cipher.decrypt(altered, "wh_a/signing_secret"))
                .isInstanceOf(SecretCipher.DecryptionException.class);
    }

    @Test
    void nullStaysNull() {
        assertThat(cipher.encrypt(null, "wh_a/signing_secret")).isNull();
        assertThat(cipher.decrypt(null, "wh_a/signing_secret")).isNull();
    }

    @Test
    void onlyA32ByteBase64KeyIsAccepted() {
        assertThat(SecretCipher.isValidKey(Secret.ofNullable(SecretCipher.newKey()))).isTrue();
        assertThat(SecretCipher.isValidKey(Secret.ofNullable("c2hvcnQ="))).isFalse();
        assertThat(SecretCipher.isValidKey(Secret.ofNullable("not base64 at all!"))).isFalse();
        assertThatThrownBy(() -> SecretCipher.of(Secret.ofNullable("not base64 at all!")))
                .hasMessageNotContaining("not base64 at all!");
    }
}
