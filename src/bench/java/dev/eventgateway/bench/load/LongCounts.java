package dev.eventgateway.bench.load;

import java.util.Arrays;

/**
 * An open-addressing map from a 64-bit key to a count: the ids a phase got 200 for (count 0), then counted as they
 * are found in Kafka or PostgreSQL. Primitive arrays, so a million ids cost 24 MB and no garbage. Not thread-safe.
 * Key 0 is reserved (a fingerprint of exactly 0 is shifted to 1).
 */
public final class LongCounts {

    private long[] keys;
    private int[] counts;
    private int size;

    public LongCounts() {
        keys = new long[1 << 12];
        counts = new int[1 << 12];
    }

    /** Registers a key with count 0; returns false when it was already there (a duplicate acknowledgement). */
    public boolean add(long key) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int slot = find(normal(key));
        if (keys[slot] != 0) {
            return false;
        }
        keys[slot] = normal(key);
        size++;
        return true;
    }

    /** Counts one sighting of the key; returns false when the key was never registered. */
    public boolean count(long key) {
        int slot = find(normal(key));
        if (keys[slot] == 0) {
            return false;
        }
        counts[slot]++;
        return true;
    }

    public boolean contains(long key) {
        return keys[find(normal(key))] != 0;
    }

    public int size() {
        return size;
    }

    /** How many registered keys have each count: [0] never seen, [1] seen once, [2] seen more than once. */
    public long[] tally() {
        long[] tally = new long[3];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                tally[Math.min(counts[i], 2)]++;
            }
        }
        return tally;
    }

    private static long normal(long key) {
        return key == 0 ? 1 : key;
    }

    private int find(long key) {
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long mix(long key) {
        long h = key * 0x9e3779b97f4a7c15L;
        return h ^ (h >>> 29);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = find(oldKeys[i]);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
        Arrays.fill(oldKeys, 0);
    }
}
