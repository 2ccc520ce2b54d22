package io.bondy.security.realm;

import io.bondy.core.config.AuthorizerSettings;
import io.bondy.core.uri.UriValidator;
import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.Fields;
import io.bondy.security.model.SecurityError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realm created through the admin API, as stored under {@code realm/<uri>}: Bondy's realm object
 * without the inline identities. A null setting is not set locally and is inherited from the
 * prototype (then from the router's defaults).
 *
 * @param uri              the realm URI
 * @param description      free text
 * @param authmethods      the allowed auth methods, or null to inherit
 * @param securityEnabled  whether RBAC applies, or null to inherit
 * @param allowConnections whether clients may join, or null to inherit
 * @param isPrototype      a prototype: other realms inherit from it; clients cannot join it
 * @param prototypeUri     the prototype this realm inherits from, or null
 * @param isSsoRealm       an SSO realm: its users may sign on to realms naming it
 * @param ssoRealmUri      the SSO realm whose users may join this realm, or null to inherit
 * @param authorizer       the realm's dynamic authorizer ({@code authorizer}, {@code authorizer_*} keys), or
 *                         null to inherit
 */
public record RealmDefinition(String uri, String description, List<String> authmethods, Boolean securityEnabled,
                              Boolean allowConnections, boolean isPrototype, String prototypeUri, boolean isSsoRealm,
                              String ssoRealmUri, AuthorizerSettings authorizer) {

    /** The keys of Bondy's realm object this router understands on create and update. */
    static final List<String> KEYS = List.of("uri", "description", "authmethods", "security_enabled",
            "allow_connections", "is_prototype", "prototype_uri", "is_sso_realm", "sso_realm_uri", "users", "groups",
            "sources", "grants", AuthorizerFields.PROCEDURE, AuthorizerFields.CACHE_TTL, AuthorizerFields.TIMEOUT,
            AuthorizerFields.MAX_QUEUED, AuthorizerFields.CACHE_SIZE);

    public RealmDefinition {
        authmethods = authmethods == null ? null : List.copyOf(authmethods);
        description = description == null ? "" : description;
    }

    /** Parses {@code bondy.realm.create}'s input; unknown keys are {@code wamp.error.invalid_argument}. */
    public static RealmDefinition parse(Map<String, Object> in) {
        checkKeys(in);
        String uri = Fields.requiredString(in, "uri");
        if (!UriValidator.STRICT.isValid(uri)) {
            throw new SecurityError(SecurityError.INVALID_ARGUMENT, "'" + uri + "' is not a valid realm URI");
        }
        return new RealmDefinition(uri, "", null, null, null, false, null, false, null, null).with(in);
    }

    /** This definition with the settings {@code in} names replaced ({@code bondy.realm.update}). */
    public RealmDefinition with(Map<String, Object> in) {
        checkKeys(in);
        if (in.containsKey("uri") && !uri.equals(in.get("uri"))) {
            throw new SecurityError(SecurityError.INVALID_ARGUMENT, "a realm's uri cannot change");
        }
        return new RealmDefinition(uri, Fields.string(in, "description", description),
                in.containsKey("authmethods") ? methods(in.get("authmethods")) : authmethods,
                // a key given as null clears the local setting: the realm inherits it again
                optionalBool(in, "security_enabled", securityEnabled),
                optionalBool(in, "allow_connections", allowConnections),
                Fields.bool(in, "is_prototype", isPrototype),
                in.containsKey("prototype_uri") ? optionalUri(in, "prototype_uri") : prototypeUri,
                Fields.bool(in, "is_sso_realm", isSsoRealm),
                in.containsKey("sso_realm_uri") ? optionalUri(in, "sso_realm_uri") : ssoRealmUri,
                AuthorizerFields.apply(authorizer, in));
    }

    /** The stored form (also the base of the API's realm object). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uri", uri);
        m.put("description", description);
        putIfSet(m, "authmethods", authmethods);
        putIfSet(m, "security_enabled", securityEnabled);
        putIfSet(m, "allow_connections", allowConnections);
        m.put("is_prototype", isPrototype);
        putIfSet(m, "prototype_uri", prototypeUri);
        m.put("is_sso_realm", isSsoRealm);
        putIfSet(m, "sso_realm_uri", ssoRealmUri);
        AuthorizerFields.put(m, authorizer);
        return m;
    }

    /** Reads the stored form. */
    public static RealmDefinition fromStored(Map<String, Object> m) {
        return new RealmDefinition((String) m.get("uri"), (String) m.get("description"),
                m.get("authmethods") == null ? null : Fields.strings(m, "authmethods"),
                (Boolean) m.get("security_enabled"), (Boolean) m.get("allow_connections"),
                Boolean.TRUE.equals(m.get("is_prototype")), (String) m.get("prototype_uri"),
                Boolean.TRUE.equals(m.get("is_sso_realm")), (String) m.get("sso_realm_uri"), AuthorizerFields.read(m));
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static void checkKeys(Map<String, Object> in) {
        for (String key : in.keySet()) {
            if (!KEYS.contains(key)) {
                throw new SecurityError(SecurityError.INVALID_ARGUMENT, "unknown realm property '" + key
                        + "' (known: " + KEYS + ")");
            }
        }
    }

    private static List<String> methods(Object raw) {
        if (raw == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String m : Fields.strings(raw, "authmethods")) {
            out.add(AuthMethods.check(m));
        }
        return out;
    }

    private static Boolean optionalBool(Map<String, Object> in, String key, Boolean current) {
        if (!in.containsKey(key)) {
            return current;
        }
        return in.get(key) == null ? null : (Boolean) Fields.bool(in, key, false);
    }

    private static String optionalUri(Map<String, Object> in, String key) {
        String v = Fields.string(in, key, null);
        if (v != null && !UriValidator.STRICT.isValid(v)) {
            throw new SecurityError(SecurityError.INVALID_ARGUMENT, "'" + key + "' must be a realm URI");
        }
        return v;
    }
}
