package io.bondy.core.router.session;

import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.Peer;

/**
 * Another node in this node's routing tables: one per (other node, realm), attached to every
 * registration and subscription that node announced, so the dealer and broker choose between local
 * sessions and nodes by their usual rules. Never listed in a realm, never counted; the dealer forwards
 * a CALL whose chosen callee is a stub, the broker relays a publication once per stub.
 */
public final class NodeStub extends WampSession {

    private final String node;

    /** A stub for {@code node}, established in {@code realm} (without joining it: it is never listed). */
    public NodeStub(SessionHost host, Peer peer, RealmHandle realm, String node, AuthIdentity identity) {
        super(host, peer, State.CONNECTING);
        this.node = node;
        establish(host.newSessionId(), realm, identity);
    }

    @Override
    public boolean isNodeStub() {
        return true;
    }

    @Override
    public String node() {
        return node;
    }
}
