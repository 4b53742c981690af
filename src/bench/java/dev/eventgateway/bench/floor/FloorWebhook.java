package dev.eventgateway.bench.floor;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * One webhook of the floor: its signature header and prefix, and a {@link Mac} already keyed with its secret. The
 * Mac is reused for every request (doFinal resets it), so one instance belongs to one event loop.
 */
final class FloorWebhook {

    private final byte[] uidKey;
    private final String header;
    private final int prefixLength;
    private final Mac mac;

    FloorWebhook(String uid, String header, String prefix, String secret) {
        this.uidKey = uid.getBytes(StandardCharsets.UTF_8);
        this.header = header;
        this.prefixLength = prefix.length();
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String header() {
        return header;
    }

    byte[] key() {
        return uidKey;
    }

    /** Constant-time check of {@code prefix + lowercase hex} against the HMAC of the raw body. */
    boolean verify(byte[] body, String presented) {
        if (presented == null || presented.length() != prefixLength + 64) {
            return false;
        }
        byte[] expected = mac.doFinal(body);
        byte[] given = new byte[32];
        for (int i = 0; i < 32; i++) {
            int hi = Character.digit(presented.charAt(prefixLength + 2 * i), 16);
            int lo = Character.digit(presented.charAt(prefixLength + 2 * i + 1), 16);
            if (hi < 0 || lo < 0 || Character.isUpperCase(presented.charAt(prefixLength + 2 * i))
                    || Character.isUpperCase(presented.charAt(prefixLength + 2 * i + 1))) {
                return false;
            }
            given[i] = (byte) (hi << 4 | lo);
        }
        return MessageDigest.isEqual(expected, given);
    }
}
