package io.bondy.cluster.store;

import io.bondy.core.store.Store;
import io.bondy.core.store.StoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RocksDB store against the {@link Store} contract. Writes are not fsync'ed here, to keep the
 * suite fast; durability has its own tests ({@link RocksDbStoreCrashTest}).
 */
class RocksDbStoreContractTest extends StoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected Store openEmptyStore(String node) {
        return RocksDbStore.open(new StoreConfig(dir.resolve("store"), false), node);
    }
}
