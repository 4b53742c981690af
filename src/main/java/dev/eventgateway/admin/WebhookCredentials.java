package dev.eventgateway.admin;

import dev.eventgateway.crypto.Secret;

import java.security.SecureRandom;
import java.util.HexFormat;

/** New webhook uids and signing secrets, from a {@link SecureRandom}. */
final class WebhookCredentials {

    private static final char[] UID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int UID_LENGTH = 24;
    private static final int SECRET_BYTES = 32;
    private final SecureRandom random = new SecureRandom();

    /** {@code wh_} + 24 lowercase letters and digits (~124 bits): unguessable, so the endpoint URL leaks nothing. */
    String newUid() {
        StringBuilder out = new StringBuilder("wh_");
        for (int i = 0; i < UID_LENGTH; i++) {
            out.append(UID_ALPHABET[random.nextInt(UID_ALPHABET.length)]);
        }
        return out.toString();
    }

    /** 256 random bits as 64 lowercase hex characters, easy to paste into any sender's settings. */
    Secret newSigningSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Secret.ofNullable(HexFormat.of().formatHex(bytes));
    }
}
