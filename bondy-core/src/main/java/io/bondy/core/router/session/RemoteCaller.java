package io.bondy.core.router.session;

import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.Peer;
import java.util.Map;

/**
 * A caller connected to another node whose calls run here (a proxy): it has the caller's session id,
 * identity and announced roles, and a {@link Peer} that relays what the dealer sends back to the
 * caller's node. So pending-call tracking, progressive results, cancel and timeouts are the
 * single-node code. Never listed in a realm, never counted.
 */
public final class RemoteCaller extends WampSession {

    private final String node;

    public RemoteCaller(SessionHost host, Peer peer, RealmHandle realm, String node, long sessionId,
                        AuthIdentity identity, Map<String, Object> roles) {
        super(host, peer, State.CONNECTING);
        this.node = node;
        joining(sessionId, realm, roles);
        establish(sessionId, realm, identity);
    }

    @Override
    public boolean isProxy() {
        return true;
    }

    @Override
    public String node() {
        return node;
    }
}
