package io.bondy.security.authn;

import io.bondy.security.crypto.Hex;
import io.bondy.security.crypto.Kdf;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a ticket may be used, as Bondy scopes tickets: a realm (or every realm of the user's SSO
 * realm), optionally only by one client (a client ticket: issued to a user on behalf of a client
 * application) and one device.
 *
 * <p>Wire form (the ticket's {@code scope} claim and {@code bondy.ticket.issue}'s result), as Bondy
 * encodes it: {@code {"realm": uri | null, "client_id": id | "all", "device_id": id | "all"}}, where a
 * null realm means every realm linked to the ticket's {@code authrealm} (an SSO realm).
 *
 * @param realm    the realm the ticket is valid in, or null for every realm of the SSO realm
 * @param clientId the client that may use it, or null for any
 * @param deviceId the device it was issued for, or null for any
 */
public record TicketScope(String realm, String clientId, String deviceId) {

    /** Bondy's value for "no restriction" in {@code client_id} and {@code device_id}. */
    public static final String ALL = "all";

    /** Bondy's four scope types; issuing one needs {@code bondy.issue} on {@link #resource()}. */
    public enum Type {
        LOCAL("local"), SSO("sso"), CLIENT_LOCAL("client_local"), CLIENT_SSO("client_sso");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The resource {@code bondy.issue} must be granted on, e.g. {@code bondy.ticket.scope.local}. */
        public String resource() {
            return "bondy.ticket.scope." + wireName;
        }
    }

    public Type type() {
        if (clientId == null) {
            return realm == null ? Type.SSO : Type.LOCAL;
        }
        return realm == null ? Type.CLIENT_SSO : Type.CLIENT_LOCAL;
    }

    /** Whether a ticket of this scope may log in to {@code realmUri} (its own realm, or any when SSO). */
    public boolean coversRealm(String realmUri) {
        return realm == null || realm.equals(realmUri);
    }

    /**
     * The key a ticket of this scope is stored under, per user: one ticket per (realm, client,
     * device), so issuing again replaces (and thereby revokes) the previous one, as in Bondy, and
     * a user has a bounded number of tickets.
     */
    public String storageKey() {
        String id = (realm == null ? "*" : "r:" + realm) + "\n" + (clientId == null ? "*" : "c:" + clientId)
                + "\n" + (deviceId == null ? "*" : "d:" + deviceId);
        return Hex.encode(Kdf.sha256(id.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("realm", realm);
        m.put("client_id", clientId == null ? ALL : clientId);
        m.put("device_id", deviceId == null ? ALL : deviceId);
        return m;
    }

    /** The scope of a ticket's claims; null when the claim is not a scope (an older or foreign ticket). */
    public static TicketScope fromClaim(Object claim) {
        if (!(claim instanceof Map<?, ?> m)) {
            return null;
        }
        Object realm = m.get("realm");
        if (realm != null && !(realm instanceof String)) {
            return null;
        }
        return new TicketScope((String) realm, restriction(m.get("client_id")), restriction(m.get("device_id")));
    }

    private static String restriction(Object v) {
        return v instanceof String s && !ALL.equals(s) ? s : null;
    }
}
