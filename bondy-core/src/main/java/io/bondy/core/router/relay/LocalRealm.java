package io.bondy.core.router.relay;

import io.bondy.core.router.pubsub.Broker;
import io.bondy.core.router.rpc.Dealer;
import io.bondy.core.router.rpc.Registrar;
import io.bondy.core.router.session.RealmHandle;
import io.bondy.core.router.session.SessionListener;
import io.bondy.core.router.session.WampSession;
import java.util.Collection;

/**
 * A realm of this node as the relay (and the meta API) sees it: its routing parts and its client
 * sessions. The {@code Realm} implements it.
 */
public interface LocalRealm extends RealmHandle {

    Registrar registrar();

    Dealer dealer();

    Broker broker();

    /** The client sessions joined to this realm (internal sessions, stubs and proxies excluded). */
    Collection<WampSession> sessions();

    /** The client session {@code id} of this realm, or null. */
    WampSession session(long id);

    /** Adds a listener of client sessions joining and leaving (see {@link SessionListener}). */
    void addSessionListener(SessionListener listener);
}
