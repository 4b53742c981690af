package dev.eventgateway.provider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** HMAC-SHA256 over raw bytes, as every provider signs. Thread-safe (one {@link Mac} per thread). */
public final class Signatures {

    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
        }
    });

    private Signatures() {
    }

    public static byte[] hmacSha256(byte[] key, byte[] body) {
        Mac mac = MAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable HMAC key", e);
        }
        return mac.doFinal(body);
    }

    /** Lowercase hex HMAC-SHA256 of the body. */
    public static String hmacSha256Hex(byte[] key, byte[] body) {
        return HexFormat.of().formatHex(hmacSha256(key, body));
    }

    /** The header value a provider with this scheme sends for the body: prefix + lowercase hex. */
    public static String headerValue(AuthScheme scheme, String secret, byte[] body) {
        return scheme.signaturePrefix() + hmacSha256Hex(secret.getBytes(StandardCharsets.UTF_8), body);
    }

    /**
     * Whether the presented header equals prefix + lowercase hex HMAC of the body; the MACs are compared in constant
     * time. A presented value of another length, or with upper-case or non-hex digits, is simply false (never an
     * exception, unlike Node's timingSafeEqual). The presented hex is decoded rather than the expected one encoded:
     * what the comparison needs is the 32 bytes, not a string per request.
     */
    public static boolean matches(AuthScheme scheme, byte[] key, byte[] body, String presented) {
        String prefix = scheme.signaturePrefix();
        if (presented == null || presented.length() != prefix.length() + 64 || !presented.startsWith(prefix)) {
            return false;
        }
        byte[] given = new byte[32];
        for (int i = 0; i < 32; i++) {
            int high = lowerHexDigit(presented.charAt(prefix.length() + 2 * i));
            int low = lowerHexDigit(presented.charAt(prefix.length() + 2 * i + 1));
            if (high < 0 || low < 0) {
                return false;
            }
            given[i] = (byte) (high << 4 | low);
        }
        return MessageDigest.isEqual(hmacSha256(key, body), given);
    }

    private static int lowerHexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }
}
