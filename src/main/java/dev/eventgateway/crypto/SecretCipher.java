package dev.eventgateway.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts webhook secrets for the database: AES-256-GCM with a random 96-bit nonce per value, stored as
 * {@code v1:<base64(nonce ‖ ciphertext ‖ tag)>}. The associated data binds each ciphertext to its webhook and
 * column ({@code wh_abc/signing_secret}), so a ciphertext copied to another row or column does not decrypt.
 * <p>
 * Thread-safe: a {@link Cipher} is made per call (they are cheap and not thread-safe).
 */
public final class SecretCipher {

    public static final int KEY_BYTES = 32;
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** @throws IllegalArgumentException when the key is not {@value #KEY_BYTES} bytes in base64 */
    public static SecretCipher of(Secret base64Key) {
        return new SecretCipher(decodeKey(base64Key));
    }

    public static boolean isValidKey(Secret base64Key) {
        try {
            decodeKey(base64Key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A fresh random key, base64. */
    public static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static byte[] decodeKey(Secret base64Key) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.reveal().trim());
        } catch (IllegalArgumentException e) {
            // never echo the value: it is the key
            throw new IllegalArgumentException("the secret key is not base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the secret key must be " + KEY_BYTES + " bytes, got " + key.length);
        }
        return key;
    }

    /** The ciphertext of a secret, or null for null. {@code context} names the webhook and column. */
    public String encrypt(Secret secret, String context) {
        if (secret == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.bytes());
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret of a ciphertext, or null for null.
     *
     * @throws DecryptionException when the text was not made by this key for this context (other key, tampered,
     *                             moved to another row)
     */
    public Secret decrypt(String ciphertext, String context) {
        if (ciphertext == null) {
            return null;
        }
        if (!ciphertext.startsWith(PREFIX)) {
            throw new DecryptionException(context, "unknown format");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(ciphertext.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new DecryptionException(context, "not base64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new DecryptionException(context, "too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return Secret.ofNullable(new String(plain, StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            throw new DecryptionException(context, "wrong key or altered value");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** A stored secret that this key cannot open. The message names the webhook and column, never a value. */
    public static final class DecryptionException extends RuntimeException {

        DecryptionException(String context, String reason) {
            super("cannot decrypt " + context + ": " + reason, null, false, false);
        }
    }
}
