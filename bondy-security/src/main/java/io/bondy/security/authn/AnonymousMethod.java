package io.bondy.security.authn;

import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.AuthOutcome;
import io.bondy.security.model.AuthMethods;
import java.util.Map;

/** {@code anonymous}: authrole {@code anonymous}, a fresh authid per session. */
public final class AnonymousMethod implements AuthMethod {

    @Override
    public String name() {
        return AuthMethods.ANONYMOUS;
    }

    @Override
    public boolean challenges() {
        return false;
    }

    @Override
    public AuthOutcome start(AuthContext ctx) {
        String authid = "anonymous-" + Long.toString(ctx.sessionId(), 36);
        return new AuthOutcome.Granted(new AuthIdentity(authid, "anonymous", AuthMethods.ANONYMOUS,
                Identities.PROVIDER, Map.of()));
    }
}
