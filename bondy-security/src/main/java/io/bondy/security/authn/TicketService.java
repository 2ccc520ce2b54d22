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
 * is refused. WAMP tickets follow Bondy's scopes ({@link TicketScope}): the issuing realm (the
 * {@code authrealm} claim) is the user's SSO realm for an SSO user, and one ticket is kept per user
 * and scope. Also issues the OAuth2 access tokens the {@code oauth2} method accepts (same format,
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
    private final int maxPerUser;

    public TicketService(SecurityStore store, String nodename, Duration defaultExpiry, Duration maxExpiry, Clock clock) {
        this(store, nodename, defaultExpiry, maxExpiry, clock, Integer.MAX_VALUE);
    }

    /** @param maxPerUser unexpired WAMP tickets one user may hold in a realm ({@code security.ticket.max_per_user}) */
    public TicketService(SecurityStore store, String nodename, Duration defaultExpiry, Duration maxExpiry, Clock clock,
                         int maxPerUser) {
        this.store = store;
        this.nodename = nodename;
        this.defaultExpiry = defaultExpiry;
        this.maxExpiry = maxExpiry;
        this.clock = clock;
        this.maxPerUser = maxPerUser;
    }

    /** A ticket and its claims. */
    public record Issued(String ticket, Map<String, Object> claims) {

        /** {@code bondy.ticket.issue}'s result, as Bondy returns it: {@code {id, expires_at, issued_at, scope, ticket}}. */
        public Map<String, Object> toResult() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String k : new String[] {"id", "expires_at", "issued_at", "scope"}) {
                m.put(k, claims.get(k));
            }
            m.put("ticket", ticket);
            return m;
        }
    }

    /**
     * Issues a token of {@code kind} for {@code authid} in {@code realm}, recorded under its id (OAuth2
     * access and refresh tokens). A {@code ticket} is issued as {@link #issueTicket} issues a local
     * ticket (client {@code scope.client_id} when given).
     *
     * @param expirySecs the lifetime asked for (0 or negative: the default), capped at the maximum
     * @param scope      extra scope claims ({@code client_id}, ...), may be empty
     */
    public String issue(String kind, String realm, String authid, String issuedBy, long expirySecs,
                        Map<String, Object> scope) {
        if (KIND_TICKET.equals(kind)) {
            String client = scope.get("client_id") instanceof String c ? c : null;
            return issueTicket(realm, authid, null, issuedBy, expirySecs, new TicketScope(realm, client, null)).ticket();
        }
        Map<String, Object> claims = claims(kind, realm, authid, null, issuedBy, expirySecs);
        Map<String, Object> s = new LinkedHashMap<>(scope);
        s.put("realm", realm);
        claims.put("scope", s);
        store.putTicket(realm, authid, (String) claims.get("id"), claims);
        return sign(realm, claims);
    }

    /**
     * Issues a WAMP ticket, as Bondy does: signed with the key of {@code authrealm} (the user's SSO
     * realm for an SSO user, else the session's realm) and recorded there under the scope's
     * {@linkplain TicketScope#storageKey() key}, so a new ticket of the same scope replaces the
     * previous one. The caller has checked the caller may issue it ({@code bondy.issue} on the scope).
     */
    public Issued issueTicket(String authrealm, String authid, String authmethod, String issuedBy, long expirySecs,
                              TicketScope scope) {
        String key = scope.storageKey();
        if (store.ticket(authrealm, authid, key).isEmpty()
                && store.purgeExpiredTickets(authrealm, authid, clock.millis() / 1000) >= maxPerUser) {
            throw new SecurityError(SecurityError.PROPERTY_RANGE_LIMIT, "user '" + authid + "' holds "
                    + maxPerUser + " unexpired tickets already (security.ticket.max_per_user): revoke some,"
                    + " or issue again for a scope (and device_id) it has");
        }
        Map<String, Object> claims = claims(KIND_TICKET, authrealm, authid, authmethod, issuedBy, expirySecs);
        claims.put("scope", scope.toMap());
        store.putTicket(authrealm, authid, key, claims);
        return new Issued(sign(authrealm, claims), claims);
    }

    private Map<String, Object> claims(String kind, String authrealm, String authid, String authmethod,
                                       String issuedBy, long expirySecs) {
        long now = clock.millis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("id", UUID.randomUUID().toString());
        claims.put("kind", kind);
        claims.put("authid", authid);
        claims.put("authrealm", authrealm);
        if (authmethod != null) {
            claims.put("authmethod", authmethod);
        }
        claims.put("issued_by", issuedBy);
        claims.put("issued_on", nodename);
        claims.put("issued_at", now);
        claims.put("expires_at", now + lifetime(expirySecs));
        return claims;
    }

    private String sign(String realm, Map<String, Object> claims) {
        byte[] payload = Json.write(claims);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(Kdf.hmacSha256(store.ticketKey(realm), payload));
    }

    /** The lifetime in seconds a ticket asked to live {@code expirySecs} gets (the default, or capped at the maximum). */
    public long lifetime(long expirySecs) {
        return expirySecs > 0 ? Math.min(expirySecs, maxExpiry.toSeconds()) : defaultExpiry.toSeconds();
    }

    /**
     * The claims of a valid token of {@code kind} issued in {@code realm}: well-formed, signed by this
     * realm's key, for {@code authid} (by username; null: anyone), not expired, not revoked.
     */
    public Optional<Map<String, Object>> verify(String kind, String realm, String authid, String token) {
        Optional<Map<String, Object>> claims = decode(realm, token);
        if (claims.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> c = claims.get();
        boolean ok = kind.equals(c.get("kind")) && realm.equals(c.get("authrealm"))
                && c.get("authid") instanceof String who && (authid == null || who.equals(Names.normalize(authid)))
                && unexpired(c) && recorded(realm, who, c);
        return ok ? claims : Optional.empty();
    }

    /**
     * The claims of a WAMP ticket that logs {@code username} in to {@code realm}: issued to that user
     * by {@code realm} itself or by {@code ssoRealm} (the user's SSO realm, may be null), its scope
     * covering {@code realm}, signed by the issuing realm's key, not expired, not revoked or replaced.
     */
    public Optional<Map<String, Object>> verifyLogin(String realm, String ssoRealm, String username, String token) {
        Optional<Map<String, Object>> peeked = peek(token);
        if (peeked.isEmpty() || !(peeked.get().get("authrealm") instanceof String authrealm)
                || !(authrealm.equals(realm) || authrealm.equals(ssoRealm))) {
            return Optional.empty();
        }
        Optional<Map<String, Object>> claims = store.existingTicketKey(authrealm).flatMap(key -> checked(key, token));
        if (claims.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> c = claims.get();
        TicketScope scope = TicketScope.fromClaim(c.get("scope"));
        boolean ok = KIND_TICKET.equals(c.get("kind")) && username != null && username.equals(c.get("authid"))
                && scope != null && scope.coversRealm(realm) && unexpired(c) && recorded(authrealm, username, c);
        return ok ? claims : Optional.empty();
    }

    /**
     * The claims of a WAMP ticket issued by {@code realm} or {@code ssoRealm} (may be null): signed by
     * the issuing realm's key and not expired; whether it is still recorded is not asked (a client
     * ticket presented to {@code bondy.ticket.issue}, which Bondy checks as leniently).
     */
    public Optional<Map<String, Object>> verifySigned(String realm, String ssoRealm, String token) {
        Optional<Map<String, Object>> peeked = peek(token);
        if (peeked.isEmpty() || !(peeked.get().get("authrealm") instanceof String authrealm)
                || !(authrealm.equals(realm) || authrealm.equals(ssoRealm))) {
            return Optional.empty();
        }
        return store.existingTicketKey(authrealm).flatMap(key -> checked(key, token))
                .filter(c -> KIND_TICKET.equals(c.get("kind")) && c.get("authid") instanceof String && unexpired(c));
    }

    /**
     * The claims of a token without checking its signature or validity (to learn whom and which realm
     * it names before checking it); empty when it is not a token at all.
     */
    public static Optional<Map<String, Object>> peek(String token) {
        int dot = separator(token);
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.readMap(Base64.getUrlDecoder().decode(token.substring(0, dot))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private boolean unexpired(Map<String, Object> c) {
        return c.get("expires_at") instanceof Number exp && exp.longValue() > clock.millis() / 1000;
    }

    /**
     * Whether the ticket is still recorded: a WAMP ticket under its scope's key (the record must be
     * this very ticket, a newer one of the same scope replaces it), else (OAuth2 tokens, tickets
     * issued before scopes) under its id.
     */
    private boolean recorded(String realm, String who, Map<String, Object> c) {
        if (!(c.get("id") instanceof String id)) {
            return false;
        }
        TicketScope scope = KIND_TICKET.equals(c.get("kind")) ? TicketScope.fromClaim(c.get("scope")) : null;
        if (scope != null && store.ticket(realm, who, scope.storageKey())
                .filter(stored -> id.equals(stored.get("id"))).isPresent()) {
            return true;
        }
        return store.hasTicket(realm, who, id);
    }

    /**
     * Revokes one ticket (given as the ticket itself) issued by {@code realm} or by {@code ssoRealm}
     * (may be null); false if it is not a valid ticket of either.
     */
    public boolean revoke(String realm, String ssoRealm, String token) {
        Optional<Map<String, Object>> peeked = peek(token);
        if (peeked.isEmpty() || !(peeked.get().get("authrealm") instanceof String authrealm)
                || !(authrealm.equals(realm) || authrealm.equals(ssoRealm))) {
            return false;
        }
        Optional<Map<String, Object>> claims = store.existingTicketKey(authrealm).flatMap(key -> checked(key, token));
        if (claims.isEmpty() || !(claims.get().get("authid") instanceof String who)
                || !(claims.get().get("id") instanceof String id)) {
            return false;
        }
        TicketScope scope = KIND_TICKET.equals(claims.get().get("kind")) ? TicketScope.fromClaim(claims.get().get("scope")) : null;
        if (scope != null && store.ticket(authrealm, who, scope.storageKey())
                .filter(stored -> id.equals(stored.get("id"))).isPresent()) {
            store.deleteTicket(authrealm, who, scope.storageKey());
        }
        store.deleteTicket(authrealm, who, id);
        return true;
    }

    /** Revokes one token issued by {@code realm} (OAuth2 refresh tokens, tickets of local users). */
    public boolean revoke(String realm, String token) {
        return revoke(realm, null, token);
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
        return checked(store.ticketKey(realm), token);
    }

    /** Where a token's one '.' between payload and signature is; -1 when it is not of that form. */
    private static int separator(String token) {
        if (token == null) {
            return -1;
        }
        int dot = token.indexOf('.');
        return dot <= 0 || dot != token.lastIndexOf('.') ? -1 : dot;
    }

    /** The claims of a token whose signature {@code key} makes. */
    private static Optional<Map<String, Object>> checked(byte[] key, String token) {
        int dot = separator(token);
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] payload = b64.decode(token.substring(0, dot));
            byte[] sig = b64.decode(token.substring(dot + 1));
            if (!Secrets.equal(sig, Kdf.hmacSha256(key, payload))) {
                return Optional.empty();
            }
            return Optional.of(Json.readMap(payload));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
