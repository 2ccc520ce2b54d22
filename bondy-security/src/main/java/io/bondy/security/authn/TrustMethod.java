package io.bondy.security.authn;

import io.bondy.core.spi.AuthOutcome;
import io.bondy.security.model.AuthMethods;

/**
 * {@code trust}: the network is the credential. A user is admitted without a challenge when a
 * source lets it use {@code trust} from the client's address (checked before this runs).
 */
public final class TrustMethod implements AuthMethod {

    @Override
    public String name() {
        return AuthMethods.TRUST;
    }

    @Override
    public boolean challenges() {
        return false;
    }

    @Override
    public AuthOutcome start(AuthContext ctx) {
        return Identities.granted(ctx, AuthMethods.TRUST);
    }
}
