package io.bondy.security.authz;

import io.bondy.security.realm.RealmRecords;
import io.bondy.security.store.SecurityStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current {@link RealmSecurity} of every realm, rebuilt from the store on the first read
 * after a change. A change (local admin call or replicated write) to a realm's identities or
 * settings, or to its record ({@code realm/<uri>}), bumps the realm's generation before the
 * writer's call returns, so the very next authorization sees it: grants and revokes apply to live
 * sessions at once. A snapshot also depends on the generations of the realms it inherits from
 * (prototype, SSO realm; see {@link SnapshotBuilder}), so a change to a prototype reaches every
 * realm built on it at once.
 *
 * <p>Threading: thread-safe; concurrent rebuilds of one realm are harmless (same result).
 */
public final class SecurityState {

    private final SecurityStore store;
    private final RealmRecords records;
    private final SnapshotBuilder builder;
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Map<String, Versioned> snapshots = new ConcurrentHashMap<>();

    /** A snapshot and the generations (its own first, then its dependencies') it was built at. */
    private record Versioned(List<String> realms, long[] generations, RealmSecurity security) {
    }

    public SecurityState(SecurityStore store) {
        this.store = store;
        this.records = new RealmRecords(store.store());
        this.builder = new SnapshotBuilder(store, records);
        store.onRealmChange(realm -> generation(realm).incrementAndGet());
        records.onChange(realm -> generation(realm).incrementAndGet());
    }

    public SecurityStore store() {
        return store;
    }

    /** The realms created through the admin API. */
    public RealmRecords records() {
        return records;
    }

    /** The realm's current snapshot. */
    public RealmSecurity realm(String realm) {
        Versioned v = snapshots.get(realm);
        if (v != null && current(v)) {
            return v.security;
        }
        long own = generation(realm).get();
        SnapshotBuilder.Built built = builder.build(realm);
        List<String> realms = new ArrayList<>();
        realms.add(realm);
        realms.addAll(built.dependencies());
        long[] gens = new long[realms.size()];
        gens[0] = own;
        for (int i = 1; i < gens.length; i++) {
            gens[i] = generation(realms.get(i)).get();
        }
        // Generations read before building: a change during the build makes the next read rebuild.
        snapshots.put(realm, new Versioned(List.copyOf(realms), gens, built.security()));
        return built.security();
    }

    private boolean current(Versioned v) {
        for (int i = 0; i < v.generations.length; i++) {
            if (generation(v.realms.get(i)).get() != v.generations[i]) {
                return false;
            }
        }
        return true;
    }

    private AtomicLong generation(String realm) {
        return generations.computeIfAbsent(realm, r -> new AtomicLong());
    }
}
