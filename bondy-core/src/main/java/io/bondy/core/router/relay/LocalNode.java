package io.bondy.core.router.relay;

import io.bondy.core.router.session.SessionHost;
import io.bondy.core.spi.Scheduler;
import java.util.Collection;

/**
 * What the relay needs of this node's router: its realms (to route what other nodes send), a
 * {@link SessionHost} for the stand-in sessions it creates, and the scheduler for its timeouts. The
 * {@code Router} provides it, so this package does not depend on the router's top-level classes.
 */
public interface LocalNode {

    /** The realm {@code uri} of this node, or null. */
    LocalRealm realm(String uri);

    /** This node's realms. */
    Collection<? extends LocalRealm> realms();

    /** Opens sessions: node stubs and proxies of remote callers are sessions of this node's router. */
    SessionHost host();

    Scheduler scheduler();
}
