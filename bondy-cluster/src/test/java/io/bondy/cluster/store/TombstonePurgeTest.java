package io.bondy.cluster.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.cluster.ClusterConfig;
import io.bondy.cluster.TestClusters;
import io.bondy.cluster.membership.ClusterMembership;
import io.bondy.core.store.Entry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tombstones are purged only below the safe horizon: once every member has synced with every other
 * since the delete (and the grace period has passed), on every node, and a purged tombstone is not
 * taken back from a member that has not purged it yet. Periodic anti-entropy is off (1 h): the test
 * starts the rounds.
 */
@Timeout(90)
class TombstonePurgeTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private static final String KEY = "realm/x/user/gone";

    @TempDir
    Path dir;

    private final List<ClusterMembership> memberships = new ArrayList<>();
    private final List<ReplicatedStore> stores = new ArrayList<>();

    private void start(Duration grace) {
        List<ClusterConfig> configs = TestClusters.configs(TestClusters.uniqueName(), "a", "b", "c");
        for (ClusterConfig config : configs) {
            ClusterMembership m = new ClusterMembership(config);
            ReplicatedStore s = new ReplicatedStore(RocksDbStore.open(new StoreConfig(dir.resolve(config.nodename()),
                    false), config.nodename()), m, Duration.ofHours(1), grace);
            m.start();
            s.start();
            memberships.add(m);
            stores.add(s);
        }
        await().atMost(CONVERGE).until(() -> memberships.stream().allMatch(m -> m.members().size() == 3));
    }

    @AfterEach
    void stop() {
        memberships.forEach(ClusterMembership::close);
        stores.forEach(ReplicatedStore::close);
    }

    private static Entry stored(ReplicatedStore s, String key) {
        Entry[] found = new Entry[1];
        s.scanAll(key, e -> {
            if (e.key().equals(key)) {
                found[0] = e;
            }
        });
        return found[0];
    }

    /** Every node starts a round with every other member; waits until each has every answer. */
    private void roundWithAll(long since) {
        long now = Math.max(since, System.currentTimeMillis());
        stores.forEach(ReplicatedStore::syncWithAll);
        await().atMost(CONVERGE).until(() -> stores.stream().allMatch(s -> s.horizon() >= now));
    }

    private Entry deleteEverywhere() {
        stores.get(0).put(KEY, "v".getBytes(UTF_8));
        await().atMost(CONVERGE).until(() -> stores.stream().allMatch(s -> s.get(KEY).isPresent()));
        Entry tombstone = stores.get(0).delete(KEY);
        await().atMost(CONVERGE).until(() -> stores.stream().allMatch(s -> tombstone.equals(stored(s, KEY))));
        return tombstone;
    }

    @Test
    void aTombstoneIsPurgedEverywhereOnlyOnceEveryMemberHasSyncedWithEveryOtherSinceTheDelete() {
        start(Duration.ZERO);
        Entry tombstone = deleteEverywhere();
        long deleted = tombstone.version().millis();

        // the rounds of the joins were before the delete: nobody may purge
        assertThat(stores).allSatisfy(s -> assertThat(s.purgeTombstones()).isZero());

        // one round each: every node has synced with every member since the delete, but has not told them
        roundWithAll(deleted + 1);
        assertThat(stores).allSatisfy(s -> {
            assertThat(s.purgeTombstones()).as("purged before every member reported its horizon").isZero();
            assertThat(stored(s, KEY)).isEqualTo(tombstone);
        });

        // a second round carries the horizons: only a and b purge for now, c keeps it
        roundWithAll(deleted + 1);
        await().atMost(CONVERGE).until(() -> stores.get(0).clusterHorizon() > deleted
                && stores.get(1).clusterHorizon() > deleted);
        assertThat(stores.get(0).purgeTombstones()).isEqualTo(1);
        assertThat(stores.get(1).purgeTombstones()).isEqualTo(1);
        assertThat(stored(stores.get(0), KEY)).isNull();

        // c, which still has it, syncs with a and b, and a with c: they do not take it back
        long now = System.currentTimeMillis();
        stores.get(2).syncWithAll();
        stores.get(0).syncWithAll();
        await().atMost(CONVERGE).until(() -> stores.get(2).horizon() >= now && stores.get(0).horizon() >= now);
        assertThat(stored(stores.get(0), KEY)).isNull();
        assertThat(stored(stores.get(1), KEY)).isNull();

        await().atMost(CONVERGE).until(() -> stores.get(2).clusterHorizon() > deleted);
        assertThat(stores.get(2).purgeTombstones()).isEqualTo(1);
        assertThat(stores).allSatisfy(s -> assertThat(stored(s, KEY)).isNull());
        assertThat(stores).allSatisfy(s -> assertThat(s.get(KEY)).isEmpty());
        assertThat(stores.get(0).stats()).containsEntry("tombstones_purged", 1L);
    }

    @Test
    void aTombstoneYoungerThanTheGracePeriodIsKeptWhateverTheHorizon() {
        start(Duration.ofHours(1));
        Entry tombstone = deleteEverywhere();
        roundWithAll(tombstone.version().millis() + 1);
        roundWithAll(tombstone.version().millis() + 1);
        await().atMost(CONVERGE).until(() -> stores.stream().allMatch(s -> s.clusterHorizon() > tombstone.version().millis()));

        assertThat(stores).allSatisfy(s -> {
            assertThat(s.purgeTombstones()).isZero();
            assertThat(stored(s, KEY)).isEqualTo(tombstone);
        });
    }

    @Test
    void aNodeThatLeftDoesNotHoldThePurgeBackAndOneThatJoinsHoldsItBackUntilItHasSynced() {
        start(Duration.ZERO);
        Entry tombstone = deleteEverywhere();
        long deleted = tombstone.version().millis();
        memberships.get(2).leave();
        await().atMost(CONVERGE).until(() -> memberships.get(0).members().size() == 2
                && memberships.get(1).members().size() == 2);
        stores.get(0).syncWithAll();
        stores.get(1).syncWithAll();
        await().atMost(CONVERGE).until(() -> stores.get(0).horizon() > deleted && stores.get(1).horizon() > deleted);
        stores.get(0).syncWithAll();
        stores.get(1).syncWithAll();
        await().atMost(CONVERGE).until(() -> stores.get(0).clusterHorizon() > deleted);
        assertThat(stores.get(0).purgeTombstones()).isEqualTo(1);

        // c comes back: until it has synced with a and a has heard its horizon, a's horizon is held back
        memberships.get(2).join(java.net.InetSocketAddress.createUnresolved("127.0.0.1",
                memberships.get(0).peerAddress().map(p -> Integer.parseInt(p.substring(p.lastIndexOf(':') + 1)))
                        .orElseThrow()));
        await().atMost(CONVERGE).until(() -> memberships.get(0).members().size() == 3);
        assertThat(stores.get(0).clusterHorizon()).isLessThanOrEqualTo(deleted);
        // (meanwhile a may take c's tombstone back: harmless, and purged again below)
        // once c has synced with every member and they have heard its horizon, every node purges
        roundWithAll(deleted + 1);
        roundWithAll(deleted + 1);
        await().atMost(CONVERGE).until(() -> stores.stream().allMatch(s -> s.clusterHorizon() > deleted));
        stores.forEach(ReplicatedStore::purgeTombstones);
        assertThat(stores).allSatisfy(s -> assertThat(stored(s, KEY)).isNull());
    }
}
