package io.bondy.cluster.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.store.Entry;
import io.bondy.core.store.StoreException;
import io.bondy.core.store.Version;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

    @Test
    void liveEntryRoundTripsWithItsVersion() {
        Entry entry = new Entry("realm/r", "{\"a\":1}".getBytes(UTF_8), new Version(Long.MAX_VALUE - 7, "bondy@höst"));

        assertThat(EntryCodec.decode("realm/r", EntryCodec.encode(entry))).isEqualTo(entry);
    }

    @Test
    void tombstoneAndEmptyValueStayDistinct() {
        Entry tombstone = new Entry("k", null, new Version(5, "n"));
        Entry empty = new Entry("k", new byte[0], new Version(5, "n"));

        assertThat(EntryCodec.decode("k", EntryCodec.encode(tombstone)).isTombstone()).isTrue();
        assertThat(EntryCodec.decode("k", EntryCodec.encode(empty))).isEqualTo(empty);
    }

    @Test
    void envelopeIsHeaderNodeThenValue() {
        byte[] bytes = EntryCodec.encode(new Entry("k", new byte[] {9, 8}, new Version(0x0102, "ab")));

        assertThat(bytes).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 2, 'a', 'b', 9, 8);
    }

    @Test
    void unknownFormatOrTruncatedEnvelopeIsAStoreErrorNamingTheKey() {
        byte[] good = EntryCodec.encode(new Entry("k", new byte[] {1}, new Version(1, "node")));
        byte[] newer = good.clone();
        newer[0] = 2;

        assertThatThrownBy(() -> EntryCodec.decode("k", newer))
                .isInstanceOf(StoreException.class).hasMessageContaining("entry k").hasMessageContaining("format");
        assertThatThrownBy(() -> EntryCodec.decode("k", Arrays.copyOf(good, 13)))
                .isInstanceOf(StoreException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> EntryCodec.decode("k", new byte[0])).isInstanceOf(StoreException.class);
    }
}
