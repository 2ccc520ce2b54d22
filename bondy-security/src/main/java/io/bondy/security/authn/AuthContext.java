package io.bondy.security.authn;

import io.bondy.core.spi.AuthRequest;
import io.bondy.security.authz.RealmSecurity;
import io.bondy.security.model.User;
import java.net.InetAddress;
import java.util.Map;

/**
 * One authentication attempt as a method sees it.
 *
 * @param request the HELLO and where it came from
 * @param realm   the realm's security snapshot
 * @param user    the user the client claims to be, already checked to exist, be enabled and have a
 *                source for this method from {@code address}; null for anonymous
 * @param address the client's address (null for in-process peers)
 */
public record AuthContext(AuthRequest request, RealmSecurity realm, User user, InetAddress address) {

    /** {@code HELLO.Details.authid} as the client sent it (null when absent). */
    public String authid() {
        return request.hello().details().get("authid") instanceof String s ? s : null;
    }

    /** {@code HELLO.Details.authextra} (empty when absent). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> authextra() {
        return request.hello().details().get("authextra") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    public long sessionId() {
        return request.sessionId();
    }

    public String realmUri() {
        return request.realm().uri();
    }
}
