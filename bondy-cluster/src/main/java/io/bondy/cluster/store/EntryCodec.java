package io.bondy.cluster.store;

import io.bondy.core.store.Entry;
import io.bondy.core.store.StoreException;
import io.bondy.core.store.Version;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The on-disk form of an entry. The key is the RocksDB key (its UTF-8 bytes); the value is an envelope:
 *
 * <pre>
 * format  u8      1
 * flags   u8      bit 0: tombstone
 * clock   i64     the version's hybrid logical clock, big-endian
 * nodelen u16     length of the node name
 * node    bytes   the writing node's name, UTF-8
 * value   bytes   the rest: the value (empty for a tombstone)
 * </pre>
 *
 * <p>Threading: stateless.
 */
final class EntryCodec {

    static final byte FORMAT = 1;
    private static final byte TOMBSTONE = 1;
    private static final int HEADER = 1 + 1 + 8 + 2;

    private EntryCodec() {
    }

    static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static String key(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    static byte[] encode(Entry entry) {
        byte[] node = entry.version().node().getBytes(StandardCharsets.UTF_8);
        if (node.length > 0xFFFF) {
            throw new IllegalArgumentException("node name longer than 65535 bytes: " + entry.version().node());
        }
        byte[] value = entry.isTombstone() ? new byte[0] : entry.value();
        return ByteBuffer.allocate(HEADER + node.length + value.length)
                .put(FORMAT)
                .put(entry.isTombstone() ? TOMBSTONE : 0)
                .putLong(entry.version().clock())
                .putShort((short) node.length)
                .put(node)
                .put(value)
                .array();
    }

    static Entry decode(String key, byte[] bytes) {
        if (bytes.length < HEADER || bytes[0] != FORMAT) {
            throw new StoreException("entry " + key + " has an unknown format (" + bytes.length + " bytes, format "
                    + (bytes.length > 0 ? bytes[0] : "none") + "); this store was written by a newer Bondy?");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.get();
        boolean tombstone = (in.get() & TOMBSTONE) != 0;
        long clock = in.getLong();
        int nodeLength = Short.toUnsignedInt(in.getShort());
        if (in.remaining() < nodeLength) {
            throw new StoreException("entry " + key + " is truncated (node name of " + nodeLength + " bytes, "
                    + in.remaining() + " left)");
        }
        String node = new String(bytes, in.position(), nodeLength, StandardCharsets.UTF_8);
        byte[] value = tombstone ? null : Arrays.copyOfRange(bytes, in.position() + nodeLength, bytes.length);
        return new Entry(key, value, new Version(clock, node));
    }
}
