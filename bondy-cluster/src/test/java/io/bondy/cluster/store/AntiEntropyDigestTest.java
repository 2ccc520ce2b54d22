package io.bondy.cluster.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.store.Entry;
import io.bondy.core.store.MemoryStore;
import io.bondy.core.store.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

class AntiEntropyDigestTest {

    @Test
    void replicasWithTheSameEntriesHaveEqualDigestsWhateverTheWriteOrder() {
        MemoryStore a = new MemoryStore("a");
        MemoryStore b = new MemoryStore("b");
        Entry x = new Entry("x", "1".getBytes(UTF_8), new Version(10, "n"));
        Entry y = new Entry("y", null, new Version(11, "n"));
        a.merge(x);
        a.merge(y);
        b.merge(y);
        b.merge(x);

        assertThat(BucketDigest.differing(BucketDigest.of(a), BucketDigest.of(b))).isEmpty();
    }

    @Test
    void onlyTheBucketOfADifferingEntryDiffersAndItsEntriesAreExchanged() {
        MemoryStore a = new MemoryStore("a");
        MemoryStore b = new MemoryStore("b");
        for (int i = 0; i < 100; i++) {
            Entry e = new Entry("k/" + i, "v".getBytes(UTF_8), new Version(i + 1, "n"));
            a.merge(e);
            b.merge(e);
        }
        b.merge(new Entry("k/7", null, new Version(1000, "m"))); // deleted on b only

        int[] differing = BucketDigest.differing(BucketDigest.of(a), BucketDigest.of(b));

        assertThat(differing).containsExactly(BucketDigest.bucket("k/7"));
        assertThat(BucketDigest.entries(b, differing)).anyMatch(e -> e.key().equals("k/7") && e.isTombstone())
                .allMatch(e -> BucketDigest.bucket(e.key()) == BucketDigest.bucket("k/7"));
    }

    @Test
    void messagesSurviveTheWireIncludingTombstones() {
        Entry live = new Entry("realm/x/user/é", "{}".getBytes(UTF_8), new Version(42, "node-1"));
        Entry dead = new Entry("gone", null, new Version(43, "node-2"));

        ReplicationMessage entries = ReplicationMessage.decode(ReplicationMessage.encode(
                new ReplicationMessage.Entries(List.of(live, dead))));
        ReplicationMessage digest = ReplicationMessage.decode(ReplicationMessage.encode(
                new ReplicationMessage.Digest(new long[] {1, -2, 3})));
        ReplicationMessage request = ReplicationMessage.decode(ReplicationMessage.encode(
                new ReplicationMessage.Request(new int[] {5, 63})));

        assertThat(((ReplicationMessage.Entries) entries).entries()).containsExactly(live, dead);
        assertThat(((ReplicationMessage.Digest) digest).buckets()).containsExactly(1, -2, 3);
        assertThat(((ReplicationMessage.Request) request).buckets()).containsExactly(5, 63);
    }

    @Test
    void garbageIsRefusedNotMisread() {
        assertThatThrownBy(() -> ReplicationMessage.decode(new byte[] {9, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplicationMessage.decode(new byte[] {1, 0, 0, 0, 1, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
