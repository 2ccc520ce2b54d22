package io.bondy.core.router.session;

import io.bondy.core.spi.Authenticator;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.uri.UriLimits;
import java.util.Optional;

/**
 * What a session needs of the router that opened it: identifiers, authentication, the realm a HELLO
 * names, metrics. The {@code Router} implements it; sessions never see the router's other parts.
 *
 * <p>Threading: thread-safe.
 */
public interface SessionHost {

    /** A new random session id in [1, 2^53]. */
    long newSessionId();

    Authenticator authenticator();

    RouterMetrics metrics();

    /** The router's agent string for WELCOME. */
    String agent();

    /** The bounds of every URI a client names, the realm in HELLO included. */
    default UriLimits uriLimits() {
        return UriLimits.DEFAULTS;
    }

    /** The realm a HELLO names: an existing one, or one the router creates on demand; empty if none. */
    Optional<RealmHandle> realmForHello(String uri);

    /** Whether {@code realm} is still one of the router's realms (not removed meanwhile). */
    boolean isCurrent(RealmHandle realm);

    /** Creates the authorization gate of a client session (see {@link MessageGate}). */
    MessageGate gateFor(ClientSession session);

    /** The session's transport closed: the router stops tracking it. */
    void forget(WampSession session);
}
