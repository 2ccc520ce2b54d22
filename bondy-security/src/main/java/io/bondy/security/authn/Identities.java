package io.bondy.security.authn;

import io.bondy.core.WampErrors;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.AuthOutcome;
import io.bondy.security.model.User;
import java.util.Map;

/** The identities WELCOME announces, and the refusal that tells nothing. */
public final class Identities {

    public static final String PROVIDER = "bondy";
    /** The authrole of a user who asked for none and belongs to no group. */
    public static final String DEFAULT_ROLE = "user";

    private Identities() {
    }

    /**
     * The user's identity: authid is the username (also when the client used an alias); authrole the
     * group the client asked for when the user is in it, else the first group, else {@value #DEFAULT_ROLE}.
     */
    public static AuthIdentity of(AuthContext ctx, String method, Map<String, Object> extra) {
        User u = ctx.user();
        Object asked = ctx.request().hello().details().get("authrole");
        String role = u.groups().isEmpty() ? DEFAULT_ROLE : u.groups().get(0);
        if (asked instanceof String a && ctx.realm().groupClosure(u.groups()).contains(a)) {
            role = a;
        }
        return new AuthIdentity(u.username(), role, method, PROVIDER, extra);
    }

    public static AuthOutcome granted(AuthContext ctx, String method) {
        return new AuthOutcome.Granted(of(ctx, method, Map.of()));
    }

    /** The one refusal for bad credentials, unknown users, disabled users and wrong sources alike. */
    public static AuthOutcome.Denied failed() {
        return new AuthOutcome.Denied(WampErrors.AUTHENTICATION_FAILED, "authentication failed");
    }
}
