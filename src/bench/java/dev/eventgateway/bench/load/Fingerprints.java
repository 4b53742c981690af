package dev.eventgateway.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * 64-bit keys for the loss checks, so that a phase's acknowledged ids fit in a primitive map: a body's FNV-1a hash
 * (unique bodies, ~1e-8 collision odds at a million), and an event id's first 64 bits ({@code evt_} + base32).
 */
public final class Fingerprints {

    private static final int EVENT_PREFIX = "evt_".length();

    private Fingerprints() {
    }

    public static long body(byte[] bytes) {
        return body(bytes, 0, bytes.length);
    }

    public static long body(byte[] bytes, int from, int to) {
        long hash = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            hash ^= bytes[i] & 0xff;
            hash *= 0x100000001b3L;
        }
        // final avalanche (murmur3 fmix64): FNV's low bits alone mix poorly for similar bodies
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }

    /** The key of an event id {@code evt_<26 base32>}, read from bytes (a response body or a Kafka header). */
    public static long eventId(byte[] bytes, int idStart) {
        long key = 0;
        // 13 base32 characters are 65 bits; the top one falls off, 64 random bits remain
        for (int i = 0; i < 13; i++) {
            key = (key << 5) | base32(bytes[idStart + EVENT_PREFIX + i]);
        }
        return key;
    }

    public static long eventId(String id) {
        return eventId(id.getBytes(StandardCharsets.US_ASCII), 0);
    }

    private static int base32(byte c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= '2' && c <= '7') {
            return 26 + c - '2';
        }
        throw new IllegalArgumentException("not a base32 character: " + (char) c);
    }
}
