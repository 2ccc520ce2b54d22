package io.bondy.core.router.pubsub;

import io.bondy.core.message.Publish;
import io.bondy.core.router.session.WampSession;
import java.util.Collection;

/**
 * What the broker asks of other nodes: whether a publication goes to them, and sending it once to
 * each node with matching subscribers (their stubs). The relay implements it; a standalone node uses
 * {@link #STANDALONE}.
 *
 * <p>Threading: called on the publisher's thread; must not block.
 */
public interface PublicationRelay {

    /** No other nodes: nothing is relayed. */
    PublicationRelay STANDALONE = new PublicationRelay() {
        @Override
        public boolean relays(WampSession publisher, String topic) {
            return false;
        }

        @Override
        public void relay(String realm, Publication p, Publish m, long publisherId, Collection<WampSession> nodes) {
        }
    };

    /** Whether a publication of {@code publisher} to {@code topic} goes to other nodes. */
    boolean relays(WampSession publisher, String topic);

    /** Sends a publication once to each of {@code nodes} (stubs of subscriptions that matched). */
    void relay(String realm, Publication p, Publish m, long publisherId, Collection<WampSession> nodes);
}
