package io.bondy.security.authz;

import io.bondy.security.store.SecurityStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current {@link RealmSecurity} of every realm, rebuilt from the store on the first read
 * after a change. A change (local admin call or replicated write) bumps the realm's generation
 * before the writer's call returns, so the very next authorization sees it: grants and revokes
 * apply to live sessions at once.
 *
 * <p>Threading: thread-safe; concurrent rebuilds of one realm are harmless (same result).
 */
public final class SecurityState {

    private final SecurityStore store;
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Map<String, Versioned> snapshots = new ConcurrentHashMap<>();

    private record Versioned(long generation, RealmSecurity security) {
    }

    public SecurityState(SecurityStore store) {
        this.store = store;
        store.onRealmChange(realm -> generation(realm).incrementAndGet());
    }

    public SecurityStore store() {
        return store;
    }

    /** The realm's current snapshot. */
    public RealmSecurity realm(String realm) {
        long gen = generation(realm).get();
        Versioned v = snapshots.get(realm);
        if (v != null && v.generation == gen) {
            return v.security;
        }
        RealmSecurity fresh = new RealmSecurity(realm, store.users(realm), store.groups(realm), store.sources(realm),
                store.grants(realm), enabledSetting(realm));
        snapshots.put(realm, new Versioned(gen, fresh));
        return fresh;
    }

    private Boolean enabledSetting(String realm) {
        Object v = store.settings(realm).get("security_enabled");
        return v instanceof Boolean b ? b : null;
    }

    private AtomicLong generation(String realm) {
        return generations.computeIfAbsent(realm, r -> new AtomicLong());
    }
}
