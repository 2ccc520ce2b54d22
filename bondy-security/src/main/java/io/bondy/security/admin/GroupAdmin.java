package io.bondy.security.admin;

import io.bondy.security.authz.RealmSecurity;
import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.Grant;
import io.bondy.security.model.Group;
import io.bondy.security.model.Names;
import io.bondy.security.model.SecurityError;
import io.bondy.security.model.User;
import io.bondy.security.store.SecurityStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Groups: add, update, delete and nesting (cycles refused), with meta events
 * {@code bondy.group.added}, {@code updated}, {@code deleted}. Deleting a group removes it from
 * its members and drops its grants.
 *
 * <p>Threading: thread-safe; writes are serialized on this object.
 */
public final class GroupAdmin {

    private final SecurityState state;
    private final SecurityStore store;
    private final SecurityEvents events;

    public GroupAdmin(SecurityState state, SecurityEvents events) {
        this.state = state;
        this.store = state.store();
        this.events = events;
    }

    public synchronized Group add(String realm, Map<String, Object> input) {
        Group g = Group.fromInput(input);
        RealmSecurity rs = state.realm(realm);
        if (rs.group(g.name()).isPresent()) {
            throw new SecurityError(SecurityError.ALREADY_EXISTS, "group '" + g.name() + "' already exists");
        }
        Groups.requireExisting(rs, g.groups());
        Groups.requireNoCycle(rs, g.name(), g.groups());
        store.putGroup(realm, g);
        events.publish(realm, "bondy.group.added", List.of(realm, g.name()));
        return g;
    }

    public synchronized boolean addIfAbsent(String realm, Map<String, Object> input) {
        if (state.realm(realm).group(Names.checkName("group", input.get("name"))).isPresent()) {
            return false;
        }
        try {
            add(realm, input);
            return true;
        } catch (SecurityError e) {
            if (SecurityError.ALREADY_EXISTS.equals(e.uri())) {
                return false; // created meanwhile on another node and replicated here (clustering)
            }
            throw e;
        }
    }

    public Group get(String realm, String name) {
        return state.realm(realm).group(Names.normalize(name))
                .orElseThrow(() -> new SecurityError(SecurityError.NOT_FOUND, "no group '" + name + "'"));
    }

    public List<Group> list(String realm) {
        return store.groups(realm);
    }

    public synchronized Group update(String realm, String name, Map<String, Object> input) {
        Group after = get(realm, name).update(input);
        save(realm, after);
        return after;
    }

    public synchronized void addGroups(String realm, String name, List<String> groups) {
        Group g = get(realm, name);
        List<String> all = new ArrayList<>(g.groups());
        all.addAll(groups);
        save(realm, g.withGroups(all));
    }

    public synchronized void removeGroups(String realm, String name, List<String> groups) {
        Group g = get(realm, name);
        List<String> left = new ArrayList<>(g.groups());
        groups.forEach(x -> left.remove(Names.normalize(x)));
        save(realm, g.withGroups(left));
    }

    public synchronized void delete(String realm, String name) {
        Group g = get(realm, name);
        for (User u : store.users(realm)) {
            if (u.groups().contains(g.name())) {
                List<String> left = new ArrayList<>(u.groups());
                left.remove(g.name());
                store.putUser(realm, u.withGroups(left));
            }
        }
        for (Group other : store.groups(realm)) {
            if (other.groups().contains(g.name())) {
                List<String> left = new ArrayList<>(other.groups());
                left.remove(g.name());
                store.putGroup(realm, other.withGroups(left));
            }
        }
        for (Grant grant : store.grants(realm)) {
            if (grant.role().equals(Grant.groupRole(g.name()))) {
                store.putGrant(realm, grant.withPermissions(0));
            }
        }
        store.deleteGroup(realm, g.name());
        events.publish(realm, "bondy.group.deleted", List.of(realm, g.name()));
    }

    private void save(String realm, Group g) {
        RealmSecurity rs = state.realm(realm);
        Groups.requireExisting(rs, g.groups());
        Groups.requireNoCycle(rs, g.name(), g.groups());
        store.putGroup(realm, g);
        events.publish(realm, "bondy.group.updated", List.of(realm, g.name()));
    }
}
