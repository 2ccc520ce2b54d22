package io.bondy.cluster.membership;

import org.jgroups.blocks.cs.NioServer;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FD_SOCK2;

/**
 * JGroups' FD_SOCK2 whose connections to the other members' failure detectors also leave from its
 * bind address: FD_SOCK2 binds its listener to {@code bind_addr} but lets the kernel choose the
 * source address of the connections it opens (no client bind address property), so on a host with
 * several addresses they would leave from the default route's. Same protocol id as FD_SOCK2, so its
 * headers and {@code findProtocol(FD_SOCK2.class)} are unchanged.
 */
final class BoundFdSock2 extends FD_SOCK2 {

    BoundFdSock2() {
        setId(ClassConfigurator.getProtocolId(FD_SOCK2.class));
    }

    @Override
    protected NioServer createServer(int[] bindPorts) {
        NioServer server = super.createServer(bindPorts);
        server.clientBindAddress(getBindAddress());
        return server;
    }
}
