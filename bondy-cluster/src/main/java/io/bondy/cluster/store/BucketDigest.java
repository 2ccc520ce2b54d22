package io.bondy.cluster.store;

import io.bondy.core.store.Entry;
import io.bondy.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A summary of a store for anti-entropy: keys are spread over {@link #BUCKETS} buckets by a hash of
 * the key, and each bucket's digest is the (order-independent) sum of a 64-bit hash of every entry's
 * key and version, tombstones included. Two replicas with equal bucket digests hold the same entries
 * in that bucket (up to hash collisions); only differing buckets' entries are exchanged.
 *
 * <p>Computing it scans the whole store: fine for the store's size (security and configuration data),
 * to be replaced by an incrementally maintained Merkle tree if stores grow large.
 *
 * <p>Threading: stateless.
 */
final class BucketDigest {

    static final int BUCKETS = 64;

    private BucketDigest() {
    }

    static int bucket(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % BUCKETS);
    }

    static long[] of(Store store) {
        long[] digest = new long[BUCKETS];
        store.scanAll("", e -> digest[bucket(e.key())] += hash(e));
        return digest;
    }

    /** The buckets where {@code a} and {@code b} differ. */
    static int[] differing(long[] a, long[] b) {
        if (a.length != b.length) {
            return java.util.stream.IntStream.range(0, BUCKETS).toArray();
        }
        return java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] != b[i]).toArray();
    }

    /** Every entry (tombstones included) of the given buckets. */
    static List<Entry> entries(Store store, int[] buckets) {
        boolean[] wanted = new boolean[BUCKETS];
        for (int b : buckets) {
            if (b >= 0 && b < BUCKETS) {
                wanted[b] = true;
            }
        }
        List<Entry> entries = new ArrayList<>();
        store.scanAll("", e -> {
            if (wanted[bucket(e.key())]) {
                entries.add(e);
            }
        });
        return entries;
    }

    /** FNV-1a over the key, the clock, the node and the tombstone flag. */
    static long hash(Entry e) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, e.key().getBytes(StandardCharsets.UTF_8));
        long clock = e.version().clock();
        for (int i = 0; i < 8; i++) {
            h = (h ^ ((clock >>> (8 * i)) & 0xff)) * 0x100000001b3L;
        }
        h = mix(h, e.version().node().getBytes(StandardCharsets.UTF_8));
        return (h ^ (e.isTombstone() ? 1 : 2)) * 0x100000001b3L;
    }

    private static long mix(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (h ^ 0xff) * 0x100000001b3L;
    }
}
