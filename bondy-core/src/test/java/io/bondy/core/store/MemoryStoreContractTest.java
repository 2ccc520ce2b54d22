package io.bondy.core.store;

/** The reference implementation against the {@link Store} contract. */
class MemoryStoreContractTest extends StoreContractTest {

    @Override
    protected Store openEmptyStore(String node) {
        return new MemoryStore(node);
    }
}
