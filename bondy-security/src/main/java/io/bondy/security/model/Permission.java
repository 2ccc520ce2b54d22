package io.bondy.security.model;

import io.bondy.core.spi.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * The permissions a grant can give, each a bit of a mask: the WAMP ones the router checks on every
 * message, and Bondy's own ({@code bondy.issue}, ...), which admin procedures check.
 */
public enum Permission {
    REGISTER("wamp.register"),
    UNREGISTER("wamp.unregister"),
    CALL("wamp.call"),
    CANCEL("wamp.cancel"),
    SUBSCRIBE("wamp.subscribe"),
    UNSUBSCRIBE("wamp.unsubscribe"),
    PUBLISH("wamp.publish"),
    DISCLOSE_CALLER("wamp.disclose_caller"),
    DISCLOSE_PUBLISHER("wamp.disclose_publisher"),
    /** Accepted in grants as in Bondy; the router makes no decision on it yet. */
    DISCLOSE_SESSION_INFO("wamp.disclose_session_info"),
    /** Issuing tickets: on {@code bondy.ticket.scope.local}, {@code .sso}, {@code .client_local}, {@code .client_sso}. */
    BONDY_ISSUE("bondy.issue"),
    /** Accepted in grants as in Bondy; the router makes no decision on it yet. */
    BONDY_REVOKE("bondy.revoke"),
    /** Accepted in grants as in Bondy; the router makes no decision on it yet. */
    BONDY_AUTHENTICATE("bondy.authenticate");

    private static final Permission[] VALUES = values();
    private final String uri;

    Permission(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    public int bit() {
        return 1 << ordinal();
    }

    public static Permission of(String uri) {
        for (Permission p : VALUES) {
            if (p.uri.equals(uri)) {
                return p;
            }
        }
        throw new SecurityError(SecurityError.INVALID_DATA, "unknown permission '" + uri + "' (known: "
                + java.util.Arrays.stream(VALUES).map(Permission::uri).toList() + ")");
    }

    /** The bit of the permission an action needs. */
    public static int bitOf(Action action) {
        return of(action.permission()).bit();
    }

    public static int mask(List<String> uris) {
        int mask = 0;
        for (String u : uris) {
            mask |= of(u).bit();
        }
        return mask;
    }

    public static List<String> names(int mask) {
        List<String> out = new ArrayList<>();
        for (Permission p : VALUES) {
            if ((mask & p.bit()) != 0) {
                out.add(p.uri);
            }
        }
        return out;
    }
}
