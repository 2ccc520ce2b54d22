package io.bondy.security.provision;

import io.bondy.security.admin.GrantAdmin;
import io.bondy.security.admin.GroupAdmin;
import io.bondy.security.admin.SourceAdmin;
import io.bondy.security.admin.UserAdmin;
import io.bondy.security.model.Fields;
import io.bondy.security.model.SecurityError;
import io.bondy.security.store.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a security configuration file (Bondy's {@code security_config.json} shape: a list of
 * realms, each with {@code uri}, {@code authmethods}, {@code security_enabled}, {@code groups},
 * {@code users}, {@code sources}, {@code grants} and {@code oauth2}) at start. Idempotent: realms and groups that
 * exist are kept, existing users are not touched (so passwords changed at run time survive a
 * restart), sources and grants are set (setting them twice changes nothing).
 */
public final class SecurityProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityProvisioner.class);

    /**
     * Creates a realm the file names when it does not exist yet, from the file's realm object
     * ({@code uri}, {@code description}, {@code authmethods}, {@code security_enabled}, and Bondy's
     * realm settings {@code allow_connections}, {@code is_prototype}, {@code prototype_uri},
     * {@code is_sso_realm}, {@code sso_realm_uri}).
     */
    @FunctionalInterface
    public interface RealmCreator {
        void ensure(Map<String, Object> realm);
    }

    /**
     * Bondy's authentication methods this router does not implement: named in a realm's
     * {@code authmethods} or a source of the file, they are left out with a warning (the rest of the
     * realm applies), since Bondy's own example files name them.
     */
    public static final List<String> UNSUPPORTED_BONDY_METHODS = List.of("oidc", "oidcrp", "cookie");

    /** The realm settings that make a realm of the file a realm as data (Bondy's realm object). */
    public static final List<String> DATA_KEYS = List.of("allow_connections", "is_prototype", "prototype_uri",
            "is_sso_realm", "sso_realm_uri");

    private final UserAdmin users;
    private final GroupAdmin groups;
    private final SourceAdmin sources;
    private final GrantAdmin grants;

    public SecurityProvisioner(UserAdmin users, GroupAdmin groups, SourceAdmin sources, GrantAdmin grants) {
        this.users = users;
        this.groups = groups;
        this.sources = sources;
        this.grants = grants;
    }

    /** Reads and applies {@code file}. @throws IllegalArgumentException naming the file and the problem */
    public void apply(Path file, RealmCreator realms) {
        Object parsed;
        try {
            parsed = Json.read(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("security config file " + file + " cannot be read as JSON: "
                    + e.getMessage(), e);
        }
        if (!(parsed instanceof List<?> list)) {
            throw new IllegalArgumentException("security config file " + file + " must hold a JSON list of realms");
        }
        // SSO realms first, then prototypes, so the realms naming them find them (Bondy's files list them anywhere).
        List<Integer> order = new ArrayList<>();
        for (int rank = 0; rank < 3; rank++) {
            for (int i = 0; i < list.size(); i++) {
                Object o = list.get(i);
                Map<?, ?> m = o instanceof Map<?, ?> x ? x : Map.of();
                int r = Boolean.TRUE.equals(m.get("is_sso_realm")) ? 0 : Boolean.TRUE.equals(m.get("is_prototype")) ? 1 : 2;
                if (r == rank) {
                    order.add(i);
                }
            }
        }
        for (int i : order) {
            try {
                applyRealm(Fields.dict(list.get(i), "realm"), realms);
            } catch (SecurityError e) {
                throw new IllegalArgumentException("security config file " + file + ", realm #" + i + ": "
                        + e.uri() + ": " + e.getMessage(), e);
            }
        }
        LOG.info("Applied security config file {} ({} realm(s))", file, list.size());
    }

    @SuppressWarnings("unchecked")
    public void applyRealm(Map<String, Object> r, RealmCreator realms) {
        String uri = Fields.requiredString(r, "uri");
        if (r.get("authmethods") != null) {
            List<String> methods = new ArrayList<>(Fields.strings(r, "authmethods"));
            if (methods.removeIf(m -> unsupported(uri, "authmethods", m))) {
                r = new HashMap<>(r);
                r.put("authmethods", methods);
            }
        }
        realms.ensure(r);
        List<Map<String, Object>> gs = list(r, "groups");
        for (Map<String, Object> g : gs) { // first without parents, so order in the file does not matter
            Map<String, Object> bare = new HashMap<>(g);
            bare.remove("groups");
            groups.addIfAbsent(uri, bare);
        }
        for (Map<String, Object> g : gs) {
            if (g.containsKey("groups")) {
                groups.update(uri, String.valueOf(g.get("name")), Map.of("groups", g.get("groups")));
            }
        }
        for (Map<String, Object> u : list(r, "users")) {
            users.addIfAbsent(uri, u);
        }
        for (Map<String, Object> s : list(r, "sources")) {
            if (!unsupported(uri, "a source", s.get("authmethod"))) {
                sources.add(uri, s);
            }
        }
        for (Map<String, Object> g : list(r, "grants")) {
            grants.create(uri, g);
        }
        if (r.get("oauth2") != null) {
            applyOAuth2(uri, Fields.dict(r.get("oauth2"), "oauth2"));
        }
    }

    private static boolean unsupported(String realm, String where, Object method) {
        if (method instanceof String m && UNSUPPORTED_BONDY_METHODS.contains(m)) {
            LOG.warn("Security config file: realm {}: authmethod '{}' in {} is not supported by this router and is"
                    + " left out", realm, m, where);
            return true;
        }
        return false;
    }

    /**
     * Bondy's {@code oauth2} section: {@code clients} ({@code client_id}, {@code client_secret}) and
     * {@code resource_owners} ({@code username}, {@code password}) are users of the realm here, as the
     * token endpoint expects. An entry that cannot be added (a group the realm lacks, ...) is skipped
     * with a warning naming it, so the rest of the file still applies.
     */
    private void applyOAuth2(String realm, Map<String, Object> oauth2) {
        for (Map<String, Object> c : list(oauth2, "clients")) {
            Map<String, Object> user = new HashMap<>(c);
            user.remove("client_id");
            user.remove("client_secret");
            user.remove("description");
            user.put("username", c.get("client_id"));
            if (c.get("client_secret") != null) {
                user.put("password", c.get("client_secret"));
            }
            addOAuth2User(realm, "client", user);
        }
        for (Map<String, Object> o : list(oauth2, "resource_owners")) {
            addOAuth2User(realm, "resource owner", o);
        }
    }

    private void addOAuth2User(String realm, String kind, Map<String, Object> user) {
        try {
            users.addIfAbsent(realm, user);
        } catch (SecurityError e) {
            LOG.warn("Security config file: OAuth2 {} '{}' of realm {} skipped: {}: {}", kind, user.get("username"),
                    realm, e.uri(), e.getMessage());
        }
    }

    private static List<Map<String, Object>> list(Map<String, Object> r, String key) {
        Object v = r.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new SecurityError(Fields.INVALID_DATATYPE, "'" + key + "' must be a list");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : l) {
            out.add(Fields.dict(o, key));
        }
        return out;
    }
}
