package dev.eventgateway.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Deterministic event ids: the same provider event always gets the same id, so a provider's retry collapses
 * downstream. The id is {@code evt_} + 26 base32 characters (130 bits) of SHA-256 over the parts.
 */
public final class EventIds {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private EventIds() {
    }

    /** An id from the parts that identify the event (type, sender, the provider's own ids…); nulls count as empty. */
    public static String of(String... parts) {
        return "evt_" + hash(parts);
    }

    /** A stable 26-character digest of the parts, for ids a provider does not give (e.g. a WhatsAble message id). */
    public static String hash(String... parts) {
        MessageDigest sha = sha256();
        for (String part : parts) {
            sha.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f); // unit separator: ("ab","c") and ("a","bc") differ
        }
        return base32(sha.digest()).substring(0, 26).toLowerCase(Locale.ROOT);
    }

    private static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
