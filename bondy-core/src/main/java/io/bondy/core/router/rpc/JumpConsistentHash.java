package io.bondy.core.router.rpc;

import java.nio.charset.StandardCharsets;

/**
 * Lamping and Veach's jump consistent hash ("A Fast, Minimal Memory, Consistent Hash Algorithm",
 * 2014): maps a key to one of {@code n} buckets so that growing to {@code n + 1} moves only
 * {@code 1/(n + 1)} of the keys. String keys are hashed with 64-bit FNV-1a first.
 */
public final class JumpConsistentHash {

    private JumpConsistentHash() {
    }

    public static int bucket(String key, int buckets) {
        return bucket(fnv1a(key), buckets);
    }

    public static int bucket(long key, int buckets) {
        if (buckets <= 0) {
            throw new IllegalArgumentException("buckets must be positive");
        }
        long b = -1;
        long j = 0;
        long k = key;
        while (j < buckets) {
            b = j;
            k = k * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((k >>> 33) + 1)));
        }
        return (int) b;
    }

    private static long fnv1a(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
