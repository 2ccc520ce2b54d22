package io.bondy.security.store;

import io.bondy.core.store.Entry;
import io.bondy.core.store.Store;
import io.bondy.security.crypto.Secrets;
import io.bondy.security.model.Grant;
import io.bondy.security.model.Group;
import io.bondy.security.model.Source;
import io.bondy.security.model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The identity store on the node's {@link Store}: one JSON value per user, group, source, grant
 * and issued ticket, under {@code security/REALM/users/NAME}, {@code .../groups/NAME},
 * {@code .../sources/KEY}, {@code .../grants/KEY}, {@code .../tickets/AUTHID/ID}, plus the realm's
 * settings and ticket-signing key. Replication and durability are the store's.
 *
 * <p>Threading: thread-safe (the store is).
 */
public final class SecurityStore {

    public static final String ROOT = "security/";
    private static final String TICKETS = "tickets/";

    private final Store store;

    public SecurityStore(Store store) {
        this.store = store;
    }

    public Store store() {
        return store;
    }

    static String prefix(String realm) {
        return ROOT + realm + "/";
    }

    public Optional<User> user(String realm, String username) {
        return read(prefix(realm) + "users/" + username).map(User::fromStored);
    }

    public void putUser(String realm, User user) {
        store.put(prefix(realm) + "users/" + user.username(), Json.write(user.toStored()));
    }

    public void deleteUser(String realm, String username) {
        store.delete(prefix(realm) + "users/" + username);
    }

    public List<User> users(String realm) {
        return list(prefix(realm) + "users/", User::fromStored);
    }

    public Optional<Group> group(String realm, String name) {
        return read(prefix(realm) + "groups/" + name).map(Group::fromStored);
    }

    public void putGroup(String realm, Group group) {
        store.put(prefix(realm) + "groups/" + group.name(), Json.write(group.toMap()));
    }

    public void deleteGroup(String realm, String name) {
        store.delete(prefix(realm) + "groups/" + name);
    }

    public List<Group> groups(String realm) {
        return list(prefix(realm) + "groups/", Group::fromStored);
    }

    public void putSource(String realm, Source source) {
        store.put(prefix(realm) + "sources/" + source.key(), Json.write(source.toMap()));
    }

    public void deleteSource(String realm, Source source) {
        store.delete(prefix(realm) + "sources/" + source.key());
    }

    public List<Source> sources(String realm) {
        return list(prefix(realm) + "sources/", Source::fromStored);
    }

    public Optional<Grant> grant(String realm, String key) {
        return read(prefix(realm) + "grants/" + key).map(Grant::fromStored);
    }

    /** Writes the grant, or deletes it when it has no permission left. */
    public void putGrant(String realm, Grant grant) {
        String key = prefix(realm) + "grants/" + grant.key();
        if (grant.permissions() == 0) {
            store.delete(key);
        } else {
            store.put(key, Json.write(grant.toMap()));
        }
    }

    public List<Grant> grants(String realm) {
        return list(prefix(realm) + "grants/", Grant::fromStored);
    }

    public Map<String, Object> settings(String realm) {
        return read(prefix(realm) + "settings").orElse(Map.of());
    }

    public void putSettings(String realm, Map<String, Object> settings) {
        store.put(prefix(realm) + "settings", Json.write(settings));
    }

    public void putTicket(String realm, String authid, String id, Map<String, Object> claims) {
        store.put(prefix(realm) + TICKETS + authid + "/" + id, Json.write(claims));
    }

    /** The claims recorded under {@code key} for {@code authid}'s tickets (a ticket id or a scope key). */
    public Optional<Map<String, Object>> ticket(String realm, String authid, String key) {
        return read(prefix(realm) + TICKETS + authid + "/" + key);
    }

    public boolean hasTicket(String realm, String authid, String id) {
        return store.get(prefix(realm) + TICKETS + authid + "/" + id).isPresent();
    }

    public void deleteTicket(String realm, String authid, String id) {
        store.delete(prefix(realm) + TICKETS + authid + "/" + id);
    }

    /**
     * Deletes the ticket records of {@code authid} that expired before {@code nowSecs}; returns how
     * many records are left.
     */
    public int purgeExpiredTickets(String realm, String authid, long nowSecs) {
        List<String> expired = new ArrayList<>();
        int[] left = {0};
        store.scan(prefix(realm) + TICKETS + authid + "/", e -> {
            Object exp = Json.readMap(e.value()).get("expires_at");
            if (exp instanceof Number n && n.longValue() <= nowSecs) {
                expired.add(e.key());
            } else {
                left[0]++;
            }
        });
        expired.forEach(store::delete);
        return left[0];
    }

    /** Deletes every ticket issued to {@code authid}; returns how many. */
    public int deleteTickets(String realm, String authid) {
        List<String> keys = new ArrayList<>();
        store.scan(prefix(realm) + TICKETS + authid + "/", e -> keys.add(e.key()));
        keys.forEach(store::delete);
        return keys.size();
    }

    /** The realm's ticket-signing key if it has one (never creates it: for checking tickets). */
    public Optional<byte[]> existingTicketKey(String realm) {
        return store.get(prefix(realm) + "keys/ticket").map(e -> java.util.Base64.getDecoder().decode(e.value()));
    }

    /** The realm's ticket-signing key, created (random, 32 bytes) on first use. */
    public synchronized byte[] ticketKey(String realm) {
        String key = prefix(realm) + "keys/ticket";
        Optional<Entry> e = store.get(key);
        if (e.isPresent()) {
            return java.util.Base64.getDecoder().decode(e.get().value());
        }
        byte[] fresh = Secrets.randomBytes(32);
        store.put(key, java.util.Base64.getEncoder().encode(fresh));
        return fresh;
    }

    /**
     * Calls {@code listener} with the realm URI after every change of a realm's users, groups,
     * sources, grants or settings (tickets and keys excluded), local or replicated.
     */
    public void onRealmChange(Consumer<String> listener) {
        store.addListener(entry -> {
            String k = entry.key();
            if (!k.startsWith(ROOT)) {
                return;
            }
            int slash = k.indexOf('/', ROOT.length());
            if (slash < 0) {
                return;
            }
            String rest = k.substring(slash + 1);
            if (!rest.startsWith(TICKETS) && !rest.startsWith("keys/")) {
                listener.accept(k.substring(ROOT.length(), slash));
            }
        });
    }

    private Optional<Map<String, Object>> read(String key) {
        return store.get(key).map(e -> Json.readMap(e.value()));
    }

    private <T> List<T> list(String prefix, java.util.function.Function<Map<String, Object>, T> decode) {
        List<T> out = new ArrayList<>();
        store.scan(prefix, e -> out.add(decode.apply(Json.readMap(e.value()))));
        return out;
    }

}
