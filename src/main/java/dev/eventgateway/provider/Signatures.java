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
     * Whether the presented header equals prefix + hex HMAC of the body, compared in constant time. A presented value
     * of another length is simply false (never an exception, unlike Node's timingSafeEqual).
     */
    public static boolean matches(AuthScheme scheme, byte[] key, byte[] body, String presented) {
        if (presented == null) {
            return false;
        }
        String expected = scheme.signaturePrefix() + hmacSha256Hex(key, body);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
