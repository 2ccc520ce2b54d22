package io.bondy.security.model;

import io.bondy.security.crypto.Hex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A user of one realm.
 *
 * @param username       the unique, lower-case name (also the WAMP authid)
 * @param aliases        other authids the user may authenticate as (at most {@value #MAX_ALIASES})
 * @param groups         the groups the user belongs to (directly)
 * @param enabled        a disabled user cannot authenticate
 * @param meta           free data for applications
 * @param password       the derived credentials, or null for a user without password
 * @param authorizedKeys Ed25519 public keys (64 hex characters) for WAMP-Cryptosign
 * @param ssoRealmUri    the Same Sign-On realm holding this user's credentials (password, keys) and
 *                       its {@code enabled} flag, or null for a local user; a local record of an SSO
 *                       user keeps no credentials of its own (see {@link #resolve(User)})
 */
public record User(String username, List<String> aliases, List<String> groups, boolean enabled,
                   Map<String, Object> meta, Password password, List<String> authorizedKeys, String ssoRealmUri) {

    public static final int MAX_ALIASES = 5;

    public User {
        aliases = List.copyOf(aliases);
        groups = List.copyOf(groups);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        authorizedKeys = List.copyOf(authorizedKeys);
    }

    /** A local user without SSO (as before SSO existed). */
    public User(String username, List<String> aliases, List<String> groups, boolean enabled,
                Map<String, Object> meta, Password password, List<String> authorizedKeys) {
        this(username, aliases, groups, enabled, meta, password, authorizedKeys, null);
    }

    /**
     * A user from admin input ({@code bondy.user.add}); the password is hashed by the caller's policy.
     * {@code sso_realm_uri} is kept as given (the caller checks it names the realm's SSO realm).
     */
    public static User fromInput(Map<String, Object> in, PasswordPolicy policy) {
        String username = Names.checkName("user", in.get("username"));
        String password = Fields.string(in, "password", null);
        String sso = Fields.string(in, "sso_realm_uri", null);
        return new User(username, aliases(Fields.strings(in, "aliases")), Fields.names("group", Fields.strings(in, "groups")),
                Fields.bool(in, "enabled", true), Fields.dict(in.get("meta"), "meta"),
                password == null ? null : Password.create(password, policy), keys(Fields.strings(in, "authorized_keys")),
                sso);
    }

    /** Whether the user's credentials live in an SSO realm. */
    public boolean isSsoUser() {
        return ssoRealmUri != null;
    }

    /**
     * This local record with what lives in its SSO realm: the SSO record's password and keys, its
     * aliases (besides the local ones), {@code enabled} as the conjunction of both, and the SSO record's meta under
     * {@code meta.sso}. Groups, grants and the rest stay local.
     *
     * @param sso the SSO realm's record of the same username, or null when it is missing (the user
     *            then has no credentials and cannot authenticate)
     */
    public User resolve(User sso) {
        if (sso == null) {
            return new User(username, aliases, groups, enabled, meta, null, List.of(), ssoRealmUri);
        }
        Map<String, Object> m = new LinkedHashMap<>(meta);
        if (!sso.meta().isEmpty()) {
            m.put("sso", sso.meta());
        }
        List<String> all = new ArrayList<>(aliases);
        sso.aliases().stream().filter(a -> !all.contains(a)).forEach(all::add);
        return new User(username, all, groups, enabled && sso.enabled(), m, sso.password(),
                sso.authorizedKeys(), ssoRealmUri);
    }

    /** This record without credentials (the local half of an SSO user). */
    public User withoutCredentials() {
        return new User(username, aliases, groups, enabled, meta, null, List.of(), ssoRealmUri);
    }

    /** This user updated with the fields present in {@code in} ({@code bondy.user.update}). */
    public User update(Map<String, Object> in, PasswordPolicy policy) {
        String pw = Fields.string(in, "password", null);
        return new User(username,
                in.containsKey("aliases") ? aliases(Fields.strings(in, "aliases")) : aliases,
                in.containsKey("groups") ? Fields.names("group", Fields.strings(in, "groups")) : groups,
                Fields.bool(in, "enabled", enabled),
                in.containsKey("meta") ? Fields.dict(in.get("meta"), "meta") : meta,
                pw == null ? password : Password.create(pw, policy),
                in.containsKey("authorized_keys") ? keys(Fields.strings(in, "authorized_keys")) : authorizedKeys,
                ssoRealmUri);
    }

    public User withEnabled(boolean value) {
        return new User(username, aliases, groups, value, meta, password, authorizedKeys, ssoRealmUri);
    }

    public User withPassword(Password value) {
        return new User(username, aliases, groups, enabled, meta, value, authorizedKeys, ssoRealmUri);
    }

    public User withAliases(List<String> value) {
        return new User(username, aliases(value), groups, enabled, meta, password, authorizedKeys, ssoRealmUri);
    }

    public User withGroups(List<String> value) {
        return new User(username, aliases, Fields.names("group", value), enabled, meta, password, authorizedKeys, ssoRealmUri);
    }

    public boolean hasAuthorizedKey(String hexKey) {
        String k = hexKey == null ? "" : hexKey.toLowerCase(Locale.ROOT);
        return authorizedKeys.contains(k);
    }

    static List<String> aliases(List<String> raw) {
        List<String> out = Fields.names("alias", raw);
        if (out.size() > MAX_ALIASES) {
            throw new SecurityError(SecurityError.PROPERTY_RANGE_LIMIT,
                    "a user has at most " + MAX_ALIASES + " aliases");
        }
        return out;
    }

    static List<String> keys(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String k : raw) {
            if (!Hex.isHex(k, 32)) {
                throw new SecurityError(SecurityError.INVALID_DATA,
                        "authorized_keys must be Ed25519 public keys in hex (64 characters)");
            }
            String n = k.toLowerCase(Locale.ROOT);
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** The stored form, credentials included. */
    public Map<String, Object> toStored() {
        Map<String, Object> m = toPublic();
        m.remove("has_password");
        m.remove("has_authorized_keys");
        if (password != null) {
            m.put("password", password.toMap());
        }
        return m;
    }

    /** What the admin API returns: never a credential. */
    public Map<String, Object> toPublic() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "user");
        m.put("username", username);
        m.put("aliases", aliases);
        m.put("groups", groups);
        m.put("enabled", enabled);
        m.put("meta", meta);
        m.put("authorized_keys", authorizedKeys);
        m.put("has_password", password != null);
        m.put("has_authorized_keys", !authorizedKeys.isEmpty());
        m.put("sso_realm_uri", ssoRealmUri);
        return m;
    }

    @SuppressWarnings("unchecked")
    public static User fromStored(Map<String, Object> m) {
        Object pw = m.get("password");
        return new User((String) m.get("username"), (List<String>) m.get("aliases"), (List<String>) m.get("groups"),
                Boolean.TRUE.equals(m.get("enabled")), (Map<String, Object>) m.get("meta"),
                pw == null ? null : Password.fromMap((Map<String, Object>) pw), (List<String>) m.get("authorized_keys"),
                m.get("sso_realm_uri") instanceof String sso ? sso : null);
    }
}
