package io.bondy.core.router;

import io.bondy.core.WampErrors;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.AuthOutcome;
import io.bondy.core.spi.AuthRequest;
import io.bondy.core.spi.Authenticator;
import java.util.List;
import java.util.Map;

/**
 * Admits clients anonymously into realms that allow the {@code anonymous} method: authrole
 * {@code anonymous}, a fresh authid per session. Clients that offer only other methods are refused.
 */
public final class AnonymousAuthenticator implements Authenticator {

    @Override
    public AuthOutcome authenticate(AuthRequest request) {
        List<String> offered = request.hello().authMethods();
        boolean wantsAnonymous = offered.isEmpty() || offered.contains("anonymous");
        if (!wantsAnonymous || !request.realm().allows("anonymous")) {
            return new AuthOutcome.Denied(WampErrors.NO_MATCHING_AUTH_METHOD,
                    "none of the offered auth methods " + offered + " is allowed in this realm");
        }
        String authid = "anonymous-" + Long.toString(request.sessionId(), 36);
        return new AuthOutcome.Granted(new AuthIdentity(authid, "anonymous", "anonymous", "bondy", Map.of()));
    }
}
