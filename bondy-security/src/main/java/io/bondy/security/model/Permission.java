package io.bondy.security.model;

import io.bondy.core.spi.Action;
import java.util.ArrayList;
import java.util.List;

/** The WAMP permissions a grant can give, each a bit of a mask. */
public enum Permission {
    REGISTER("wamp.register"),
    UNREGISTER("wamp.unregister"),
    CALL("wamp.call"),
    CANCEL("wamp.cancel"),
    SUBSCRIBE("wamp.subscribe"),
    UNSUBSCRIBE("wamp.unsubscribe"),
    PUBLISH("wamp.publish"),
    DISCLOSE_CALLER("wamp.disclose_caller"),
    DISCLOSE_PUBLISHER("wamp.disclose_publisher");

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
        throw new SecurityError(SecurityError.INVALID_DATA, "unknown permission '" + uri + "'");
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
