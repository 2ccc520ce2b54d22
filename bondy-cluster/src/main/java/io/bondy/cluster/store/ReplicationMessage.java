package io.bondy.cluster.store;

import io.bondy.core.store.Entry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages replicas exchange, and their wire form (a type byte, then big-endian fields):
 *
 * <pre>
 * Entries   1  count u32, then per entry: keylen u32, key UTF-8, envlen u32, envelope ({@link EntryCodec})
 * Digest    2  buckets u32, then one i64 per bucket ({@link BucketDigest}); started i64, horizon i64
 * Request   3  count u32, then one u32 bucket number each: "send me your entries in these buckets"; started i64
 * </pre>
 *
 * <p>{@code started} is when the sender of a digest started the round (wall milliseconds), echoed by the
 * request that ends it; {@code horizon} is the sender's tombstone horizon (see {@link ReplicatedStore}).
 * Both are appended: a message without them (an older node) reads them as 0.
 *
 * <p>Threading: immutable values; the codec is stateless.
 */
sealed interface ReplicationMessage {

    byte ENTRIES = 1;
    byte DIGEST = 2;
    byte REQUEST = 3;

    /** Entries to merge: a local write's broadcast, or the answer to a digest or request. */
    record Entries(List<Entry> entries) implements ReplicationMessage {
    }

    /**
     * The sender's digest: the receiver answers with its entries of the differing buckets and a
     * {@link Request}. {@code started}: when the round started; {@code horizon}: the sender has every
     * entry every member had before then.
     */
    record Digest(long[] buckets, long started, long horizon) implements ReplicationMessage {

        Digest(long[] buckets) {
            this(buckets, 0, 0);
        }
    }

    /** Buckets whose entries the sender wants; it answers the digest of the round that {@code started} then. */
    record Request(int[] buckets, long started) implements ReplicationMessage {

        Request(int[] buckets) {
            this(buckets, 0);
        }
    }

    static byte[] encode(ReplicationMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (message instanceof Entries e) {
                out.writeByte(ENTRIES);
                out.writeInt(e.entries().size());
                for (Entry entry : e.entries()) {
                    writeBytes(out, EntryCodec.key(entry.key()));
                    writeBytes(out, EntryCodec.encode(entry));
                }
            } else if (message instanceof Digest d) {
                out.writeByte(DIGEST);
                out.writeInt(d.buckets().length);
                for (long b : d.buckets()) {
                    out.writeLong(b);
                }
                out.writeLong(d.started());
                out.writeLong(d.horizon());
            } else if (message instanceof Request r) {
                out.writeByte(REQUEST);
                out.writeInt(r.buckets().length);
                for (int b : r.buckets()) {
                    out.writeInt(b);
                }
                out.writeLong(r.started());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException for bytes that are not a replication message */
    static ReplicationMessage decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte type = in.readByte();
            int count = in.readInt();
            if (count < 0 || count > payload.length) {
                throw new IllegalArgumentException("bad count " + count);
            }
            switch (type) {
                case ENTRIES -> {
                    List<Entry> entries = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        String key = EntryCodec.key(readBytes(in, payload.length));
                        entries.add(EntryCodec.decode(key, readBytes(in, payload.length)));
                    }
                    return new Entries(entries);
                }
                case DIGEST -> {
                    long[] buckets = new long[count];
                    for (int i = 0; i < count; i++) {
                        buckets[i] = in.readLong();
                    }
                    long started = in.available() >= 8 ? in.readLong() : 0;
                    long horizon = in.available() >= 8 ? in.readLong() : 0;
                    return new Digest(buckets, started, horizon);
                }
                case REQUEST -> {
                    int[] buckets = new int[count];
                    for (int i = 0; i < count; i++) {
                        buckets[i] = in.readInt();
                    }
                    return new Request(buckets, in.available() >= 8 ? in.readLong() : 0);
                }
                default -> throw new IllegalArgumentException("unknown replication message type " + type);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated replication message", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException("bad length " + n);
        }
        return in.readNBytes(n);
    }
}
