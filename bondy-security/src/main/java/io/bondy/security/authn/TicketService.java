package io.bondy.security.authn;

import io.bondy.security.crypto.Kdf;
import io.bondy.security.crypto.Secrets;
import io.bondy.security.model.Names;
import io.bondy.security.model.SecurityError;
import io.bondy.security.store.Json;
import io.bondy.security.store.SecurityStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Router-issued tickets: {@code base64url(claims JSON) "." base64url(HMAC-SHA256(realm key, claims))}.
 * The realm's key lives in the store (so every node of a cluster verifies every ticket), and every
 * issued ticket is recorded there too: revoking deletes the record, and a ticket without its record
 * is refused. Also issues the OAuth2 access tokens the {@code oauth2} method accepts (same format,
 * {@code kind: oauth2}), for the HTTP gateway's token endpoint.
 *
 * <p>Threading: thread-safe.
 */
public final class TicketService {

    public static final String KIND_TICKET = "ticket";
    public static final String KIND_OAUTH2 = "oauth2";

    private final SecurityStore store;
    private final String nodename;
    private final Duration defaultExpiry;
    private final Duration maxExpiry;
    private final Clock clock;

    public TicketService(SecurityStore store, String nodename, Duration defaultExpiry, Duration maxExpiry, Clock clock) {
        this.store = store;
        this.nodename = nodename;
        this.defaultExpiry = defaultExpiry;
        this.maxExpiry = maxExpiry;
        this.clock = clock;
    }

    /**
     * Issues a ticket for {@code authid} in {@code realm}.
     *
     * @param expirySecs the lifetime asked for (0 or negative: the default), capped at the maximum
     * @param scope      extra scope claims ({@code client_id}, ...), may be empty
     */
    public String issue(String kind, String realm, String authid, String issuedBy, long expirySecs,
                        Map<String, Object> scope) {
        long now = clock.millis() / 1000;
        long life = lifetime(expirySecs);
        String id = UUID.randomUUID().toString();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("id", id);
        claims.put("kind", kind);
        claims.put("authid", authid);
        claims.put("authrealm", realm);
        claims.put("issued_by", issuedBy);
        claims.put("issued_on", nodename);
        claims.put("issued_at", now);
        claims.put("expires_at", now + life);
        Map<String, Object> s = new LinkedHashMap<>(scope);
        s.put("realm", realm);
        claims.put("scope", s);
        store.putTicket(realm, authid, id, claims);
        byte[] payload = Json.write(claims);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(Kdf.hmacSha256(store.ticketKey(realm), payload));
    }

    /** The lifetime in seconds a ticket asked to live {@code expirySecs} gets (the default, or capped at the maximum). */
    public long lifetime(long expirySecs) {
        return expirySecs > 0 ? Math.min(expirySecs, maxExpiry.toSeconds()) : defaultExpiry.toSeconds();
    }

    /**
     * The claims of a valid ticket: well-formed, signed by this realm's key, of {@code kind}, for
     * {@code authid} (by username) in {@code realm}, not expired, not revoked.
     */
    public Optional<Map<String, Object>> verify(String kind, String realm, String authid, String token) {
        Optional<Map<String, Object>> claims = decode(realm, token);
        if (claims.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> c = claims.get();
        boolean ok = kind.equals(c.get("kind")) && realm.equals(c.get("authrealm"))
                && c.get("authid") instanceof String who && (authid == null || who.equals(Names.normalize(authid)))
                && c.get("expires_at") instanceof Number exp && exp.longValue() > clock.millis() / 1000
                && c.get("id") instanceof String id && store.hasTicket(realm, who, id);
        return ok ? claims : Optional.empty();
    }

    /** Revokes one ticket (given as the ticket itself); false if it was not a valid ticket of the realm. */
    public boolean revoke(String realm, String token) {
        Optional<Map<String, Object>> claims = decode(realm, token);
        if (claims.isEmpty() || !(claims.get().get("authid") instanceof String who)
                || !(claims.get().get("id") instanceof String id)) {
            return false;
        }
        store.deleteTicket(realm, who, id);
        return true;
    }

    /** Revokes every ticket of {@code authid}; returns how many. */
    public int revokeAll(String realm, String authid) {
        String n = Names.normalize(authid);
        if (n == null) {
            throw new SecurityError(SecurityError.INVALID_ARGUMENT, "authid is required");
        }
        return store.deleteTickets(realm, n);
    }

    /** Checks the signature only; claims of a ticket signed with this realm's key. */
    private Optional<Map<String, Object>> decode(String realm, String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] payload = b64.decode(token.substring(0, dot));
            byte[] sig = b64.decode(token.substring(dot + 1));
            if (!Secrets.equal(sig, Kdf.hmacSha256(store.ticketKey(realm), payload))) {
                return Optional.empty();
            }
            return Optional.of(Json.readMap(payload));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

}
