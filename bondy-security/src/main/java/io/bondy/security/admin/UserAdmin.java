package io.bondy.security.admin;

import io.bondy.security.authz.RealmSecurity;
import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.Names;
import io.bondy.security.model.Password;
import io.bondy.security.model.PasswordPolicy;
import io.bondy.security.model.SecurityError;
import io.bondy.security.model.User;
import io.bondy.security.store.SecurityStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Users: add, update, delete, enable, passwords, aliases and group membership, with Bondy's errors
 * and meta events ({@code bondy.user.added}, {@code updated}, {@code deleted}, {@code credentials_changed}).
 *
 * <p>Threading: thread-safe; writes to one realm are serialized on this object.
 */
public final class UserAdmin {

    private final SecurityState state;
    private final SecurityStore store;
    private final PasswordPolicy policy;
    private final SecurityEvents events;

    public UserAdmin(SecurityState state, PasswordPolicy policy, SecurityEvents events) {
        this.state = state;
        this.store = state.store();
        this.policy = policy;
        this.events = events;
    }

    /**
     * Adds a user. With {@code sso_realm_uri} (which must be the realm's SSO realm), the user is an
     * SSO user, as in Bondy: its credentials ({@code password}, {@code authorized_keys}) are stored
     * in the SSO realm, creating the SSO realm's record when it has none, and this realm keeps a
     * record without credentials that refers to it. When the SSO realm already has the user, the
     * call only links it here, and credentials given with it are ignored (Bondy's rule; change them
     * with {@code bondy.user.change_password} or {@code update}).
     */
    public synchronized User add(String realm, Map<String, Object> input) {
        User user = User.fromInput(input, policy);
        RealmSecurity rs = state.realm(realm);
        if (store.user(realm, user.username()).isPresent()
                || rs.user(user.username()).filter(u -> !u.username().equals(user.username())).isPresent()) {
            throw new SecurityError(SecurityError.ALREADY_EXISTS, "user '" + user.username() + "' already exists");
        }
        checkAliases(rs, user);
        Groups.requireExisting(rs, user.groups());
        if (!user.isSsoUser()) {
            store.putUser(realm, user);
            events.publish(realm, "bondy.user.added", List.of(realm, user.username()));
            return user;
        }
        String sso = user.ssoRealmUri();
        if (!sso.equals(rs.ssoRealmUri())) {
            throw new SecurityError(SecurityError.INVALID_SSO_REALM, "sso_realm_uri '" + sso + "' is not the SSO realm of "
                    + realm + (rs.ssoRealmUri() == null ? " (it names none)" : " ('" + rs.ssoRealmUri() + "')"));
        }
        if (store.user(sso, user.username()).isEmpty()) {
            User ssoUser = new User(user.username(), List.of(), List.of(), true, Map.of(), user.password(),
                    user.authorizedKeys());
            store.putUser(sso, ssoUser);
            events.publish(sso, "bondy.user.added", List.of(sso, user.username()));
        }
        User local = user.withoutCredentials();
        store.putUser(realm, local);
        events.publish(realm, "bondy.user.added", List.of(realm, user.username()));
        return state.realm(realm).user(user.username()).orElse(local);
    }

    /**
     * Adds the user unless the realm has its own user of that name (provisioning); returns whether it
     * was added. A user the realm only sees through its SSO realm does not count.
     */
    public synchronized boolean addIfAbsent(String realm, Map<String, Object> input) {
        String name = Names.checkName("user", input.get("username"));
        if (store.user(realm, name).isPresent()) {
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

    public User get(String realm, String username) {
        return state.realm(realm).user(username).filter(u -> u.username().equals(Names.normalize(username)))
                .orElseThrow(() -> new SecurityError(SecurityError.NOT_FOUND, "no user '" + username + "'"));
    }

    /** The realm's own users; an SSO user as it signs on (with its SSO realm's credentials and flags). */
    public List<User> list(String realm) {
        RealmSecurity rs = state.realm(realm);
        return store.users(realm).stream()
                .map(u -> u.isSsoUser() ? rs.user(u.username()).orElse(u) : u).toList();
    }

    public synchronized User update(String realm, String username, Map<String, Object> input) {
        User before = get(realm, username);
        if (input.containsKey("username") && !before.username().equals(Names.normalize(String.valueOf(input.get("username"))))) {
            throw new SecurityError(SecurityError.INVALID_DATA, "a username cannot be changed");
        }
        if (input.containsKey("sso_realm_uri") && !java.util.Objects.equals(input.get("sso_realm_uri"), before.ssoRealmUri())) {
            throw new SecurityError(SecurityError.INVALID_DATA, "a user's sso_realm_uri cannot be changed");
        }
        if (before.isSsoUser()) {
            return updateSsoUser(realm, before, input);
        }
        User after = before.update(input, policy);
        RealmSecurity rs = state.realm(realm);
        checkAliases(rs, after);
        Groups.requireExisting(rs, after.groups());
        store.putUser(realm, after);
        events.publish(realm, "bondy.user.updated", List.of(realm, after.username()));
        if (after.password() != before.password() || !after.authorizedKeys().equals(before.authorizedKeys())) {
            events.publish(realm, "bondy.user.credentials_changed", List.of(realm, after.username()));
        }
        return after;
    }

    /** An SSO user: credentials change in the SSO realm, everything else in the local record (Bondy). */
    private User updateSsoUser(String realm, User before, Map<String, Object> input) {
        String sso = before.ssoRealmUri();
        User ssoUser = store.user(sso, before.username()).orElseThrow(() -> new SecurityError(
                SecurityError.NOT_FOUND, "SSO realm " + sso + " has no user '" + before.username() + "'"));
        Map<String, Object> credentials = new java.util.LinkedHashMap<>();
        Map<String, Object> rest = new java.util.LinkedHashMap<>(input);
        for (String k : List.of("password", "authorized_keys")) {
            if (rest.containsKey(k)) {
                credentials.put(k, rest.remove(k));
            }
        }
        User local = stored(realm, before.username(), SecurityError.NOT_FOUND);
        User after = local.update(rest, policy);
        RealmSecurity rs = state.realm(realm);
        checkAliases(rs, after);
        Groups.requireExisting(rs, after.groups());
        if (!credentials.isEmpty()) {
            store.putUser(sso, ssoUser.update(credentials, policy));
            events.publish(sso, "bondy.user.credentials_changed", List.of(sso, before.username()));
            events.publish(realm, "bondy.user.credentials_changed", List.of(realm, before.username()));
        }
        store.putUser(realm, after);
        events.publish(realm, "bondy.user.updated", List.of(realm, after.username()));
        return state.realm(realm).user(after.username()).orElse(after);
    }

    public synchronized void delete(String realm, String username) {
        User u = state.realm(realm).user(username).orElseThrow(() ->
                new SecurityError(SecurityError.NO_SUCH_PRINCIPAL, "no user '" + username + "'"));
        store.deleteUser(realm, u.username());
        store.deleteTickets(realm, u.username());
        events.publish(realm, "bondy.user.deleted", List.of(realm, u.username()));
    }

    public synchronized void setEnabled(String realm, String username, boolean enabled) {
        store.putUser(realm, stored(realm, username, SecurityError.NOT_FOUND).withEnabled(enabled));
        events.publish(realm, "bondy.user.updated", List.of(realm, Names.normalize(username)));
    }

    /** {@code change_password(realm, user, new [, old])}: with {@code old}, it must match. */
    public synchronized void changePassword(String realm, String username, String newPassword, String oldPassword) {
        User u = get(realm, username);
        if (oldPassword != null && (u.password() == null || !u.password().matches(oldPassword))) {
            throw new SecurityError(SecurityError.BAD_SIGNATURE, "the old password does not match");
        }
        Password fresh = Password.create(newPassword, policy);
        if (u.isSsoUser()) {
            String sso = u.ssoRealmUri();
            User ssoUser = store.user(sso, u.username()).orElseThrow(() -> new SecurityError(
                    SecurityError.NOT_FOUND, "SSO realm " + sso + " has no user '" + u.username() + "'"));
            store.putUser(sso, ssoUser.withPassword(fresh));
            events.publish(sso, "bondy.user.credentials_changed", List.of(sso, u.username()));
        } else {
            store.putUser(realm, u.withPassword(fresh));
        }
        events.publish(realm, "bondy.user.credentials_changed", List.of(realm, u.username()));
    }

    public synchronized void addAlias(String realm, String username, String alias) {
        User u = principal(realm, username);
        List<String> aliases = new ArrayList<>(u.aliases());
        aliases.add(alias);
        User after = u.withAliases(aliases);
        checkAliases(state.realm(realm), after);
        store.putUser(realm, after);
        events.publish(realm, "bondy.user.updated", List.of(realm, u.username()));
    }

    public synchronized void removeAlias(String realm, String username, String alias) {
        User u = principal(realm, username);
        List<String> aliases = new ArrayList<>(u.aliases());
        aliases.remove(Names.normalize(alias));
        store.putUser(realm, u.withAliases(aliases));
        events.publish(realm, "bondy.user.updated", List.of(realm, u.username()));
    }

    public synchronized void addGroups(String realm, String username, List<String> groups) {
        User u = principal(realm, username);
        Groups.requireExisting(state.realm(realm), groups);
        List<String> all = new ArrayList<>(u.groups());
        all.addAll(groups);
        store.putUser(realm, u.withGroups(all));
        events.publish(realm, "bondy.user.updated", List.of(realm, u.username()));
    }

    public synchronized void removeGroups(String realm, String username, List<String> groups) {
        User u = principal(realm, username);
        List<String> left = new ArrayList<>(u.groups());
        groups.forEach(g -> left.remove(Names.normalize(g)));
        store.putUser(realm, u.withGroups(left));
        events.publish(realm, "bondy.user.updated", List.of(realm, u.username()));
    }

    private User principal(String realm, String username) {
        return stored(realm, username, SecurityError.NO_SUCH_PRINCIPAL);
    }

    /**
     * The user's own record in {@code realm} as stored (an SSO user's without its SSO credentials),
     * which is what a change writes back; a user seen here only through the realm's SSO realm has none.
     */
    private User stored(String realm, String username, String notFound) {
        String n = Names.normalize(username);
        return (n == null ? java.util.Optional.<User>empty() : store.user(realm, n)).orElseThrow(() ->
                new SecurityError(notFound, "no user '" + username + "' in " + realm));
    }

    /** Aliases may name no other user (by username or alias). */
    private static void checkAliases(RealmSecurity rs, User user) {
        for (String a : user.aliases()) {
            rs.user(a).filter(other -> !other.username().equals(user.username())).ifPresent(other -> {
                throw new SecurityError(SecurityError.ALREADY_EXISTS, "alias '" + a + "' already names a user");
            });
        }
    }
}
