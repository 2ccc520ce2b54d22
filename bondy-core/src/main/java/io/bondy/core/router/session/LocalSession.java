package io.bondy.core.router.session;

import io.bondy.core.message.WampMessage;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.Peer;

/**
 * The router's own session behind an {@link InternalSession}: joined without a handshake, and its
 * peer is in-process. Its peer calls back into the router (a procedure answers at once), so sending
 * takes no lock; the router's sessions never leave mid-flight.
 *
 * <p>Threading: whichever thread calls the internal session, or routes to it.
 */
final class LocalSession extends WampSession {

    private final boolean nodeLocal;

    LocalSession(SessionHost host, Peer peer, RealmHandle realm, AuthIdentity identity) {
        this(host, peer, realm, identity, false);
    }

    LocalSession(SessionHost host, Peer peer, RealmHandle realm, AuthIdentity identity, boolean nodeLocal) {
        super(host, peer, State.CONNECTING);
        this.nodeLocal = nodeLocal;
        establish(host.newSessionId(), realm, identity);
        realm.join(this);
    }

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public boolean isNodeLocal() {
        return nodeLocal;
    }

    @Override
    public void send(WampMessage message) {
        host.metrics().messageSent(message.type());
        peer.send(message);
    }

    @Override
    public boolean offer(WampMessage message) {
        send(message); // in-process: there is no queue to fill
        return true;
    }
}
