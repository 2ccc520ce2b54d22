package io.bondy.security.realm;

import io.bondy.core.store.Store;
import io.bondy.security.store.Json;
import io.bondy.security.store.SecurityStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The realms created through the admin API, one JSON value per realm under {@code realm/<uri>} in
 * the node's {@link Store} (so they replicate and survive restarts like identities do).
 *
 * <p>Threading: thread-safe (the store is).
 */
public final class RealmRecords {

    public static final String ROOT = "realm/";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RealmRecords.class);

    private final Store store;

    public RealmRecords(Store store) {
        this.store = store;
    }

    public Optional<RealmDefinition> get(String uri) {
        return store.get(ROOT + uri).map(e -> RealmDefinition.fromStored(Json.readMap(e.value())));
    }

    public boolean exists(String uri) {
        return store.get(ROOT + uri).isPresent();
    }

    public void put(RealmDefinition realm) {
        store.put(ROOT + realm.uri(), Json.write(realm.toMap()));
    }

    /** Every stored realm, in URI order; a record that cannot be read is logged and skipped. */
    public List<RealmDefinition> list() {
        List<RealmDefinition> out = new ArrayList<>();
        store.scan(ROOT, e -> {
            try {
                RealmDefinition r = RealmDefinition.fromStored(Json.readMap(e.value()));
                if (!e.key().equals(ROOT + r.uri())) {
                    throw new IllegalArgumentException("its uri is '" + r.uri() + "'");
                }
                out.add(r);
            } catch (RuntimeException ex) {
                LOG.warn("Ignoring the unreadable realm record {}: {}", e.key(), ex.toString());
            }
        });
        return out;
    }

    /** The realms whose prototype is {@code uri}. */
    public List<String> builtOn(String uri) {
        return list().stream().filter(r -> uri.equals(r.prototypeUri())).map(RealmDefinition::uri).toList();
    }

    /** The realms naming {@code uri} as their SSO realm. */
    public List<String> signingOnWith(String uri) {
        return list().stream().filter(r -> uri.equals(r.ssoRealmUri())).map(RealmDefinition::uri).toList();
    }

    /** Deletes the realm's record and all its security data (users, groups, sources, grants, tickets...) at once. */
    public void purge(String uri) {
        List<Store.Mutation> deletes = new ArrayList<>();
        deletes.add(Store.Mutation.delete(ROOT + uri));
        store.scan(SecurityStore.ROOT + uri + "/", e -> deletes.add(Store.Mutation.delete(e.key())));
        store.batch(deletes);
    }

    /** Calls {@code listener} with the realm URI after every change of a realm record, local or replicated. */
    public void onChange(Consumer<String> listener) {
        store.addListener(e -> {
            if (e.key().startsWith(ROOT)) {
                listener.accept(e.key().substring(ROOT.length()));
            }
        });
    }
}
