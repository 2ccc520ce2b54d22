package io.bondy.cluster.membership;

import io.bondy.cluster.ClusterConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jgroups.util.TLS;
import org.jgroups.util.TLSClientAuth;

/**
 * The JGroups protocol stack of a Bondy node, bottom to top: TCP transport, TCPPING discovery
 * (the seeds and the addresses of the DNS name, see {@link DnsSeeds}), MERGE3 (heals partitions), FD_SOCK2 + FD_ALL3 (failure detection), VERIFY_SUSPECT2,
 * SYM_ENCRYPT (AES, key derived from the cluster secret), NAKACK2 + UNICAST3 (reliable, ordered
 * delivery), STABLE, GMS (views), MFC (flow control), FRAG4 (fragmentation).
 *
 * <p>With {@code cluster.tls.*} the TCP transport speaks TLS with mutual authentication: a node
 * proves who it is with a certificate of the cluster CA before any JGroups message is read.
 *
 * <p>Authentication is (also) by encryption: every message above discovery is encrypted with a key derived
 * from {@code cluster.secret} (PBKDF2-HMAC-SHA256); a node with another secret cannot produce a JOIN
 * request the members can decrypt, so it never enters their view, and cannot read their traffic.
 */
public final class JGroupsStack {

    private static final byte[] KEY_SALT = "bondy.cluster.sym_encrypt.v1".getBytes(StandardCharsets.UTF_8);
    private static final int KEY_ITERATIONS = 10_000;

    private JGroupsStack() {
    }

    /** A fresh list of protocols (a stack cannot be shared between channels). */
    public static List<Protocol> protocols(ClusterConfig config) {
        long failureMs = config.failureTimeout().toMillis();
        try {
            InetAddress bind = InetAddress.getByName(config.bindAddr());
            TCP tcp = new TCP().setBindAddress(bind).setBindPort(config.peerPort()).setPortRange(0);
            tcp.setClientBindAddr(bind); // connections to other nodes leave from it too, not from the default route's address
            // one sender per destination: a node that is cut off (its connect or write blocks until a timeout)
            // holds up only what goes to it, not the heartbeats to the others (the default single bundler
            // thread made the healthy side of a real partition suspect each other)
            tcp.setBundlerType("per-destination");
            tcp.tcpNodelay(true); // without it, Nagle + delayed ACKs add ~40 ms to a relayed call's reply (p99)
            if (config.tls() != null) {
                // every peer connection is TLS, both ends present a certificate of the cluster CA (mutual
                // authentication); the context's trust manager refuses, and logs, any other
                tcp.tls(new TLS().enabled(true).setSSLContext(config.tls()).setClientAuth(TLSClientAuth.NEED)
                        .setProtocols(new String[] {"TLSv1.3", "TLSv1.2"}));
            }
            TCPPING ping = new TCPPING().setInitialHosts(new DnsSeeds(config).current()).setPortRange(0);
            return List.of(
                    tcp,
                    ping,
                    new MERGE3().setMinInterval(Math.max(1000, failureMs / 4)).setMaxInterval(Math.max(2000, failureMs / 2)),
                    // its port is the peer port + offset (JGroups' default offset, 100, is another node's
                    // peer port when nodes share a host with peer ports 100 apart)
                    // bound to cluster.bind_addr like the transport, listener and outgoing connections: left
                    // unset, FD_SOCK2 listens on every interface (only -Djgroups.bind_addr would move it)
                    new BoundFdSock2().setBindAddress(bind).setOffset(config.failureDetectionOffset()).setPortRange(3),
                    new FD_ALL3().setTimeout(failureMs).setInterval(Math.max(500, failureMs / 4)),
                    new VERIFY_SUSPECT2().setTimeout(Math.max(500, failureMs / 4)),
                    new SYM_ENCRYPT().setSecretKey(key(config.secret())),
                    new NAKACK2(),
                    new UNICAST3(),
                    new STABLE(),
                    new GMS().setJoinTimeout(Math.min(2000, Math.max(500, failureMs / 3))).setMaxJoinAttempts(3).printLocalAddress(false),
                    new MFC(),
                    new FRAG4());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cluster.bind_addr " + config.bindAddr() + " does not resolve", e);
        }
    }

    /** The AES-256 key all members derive from the shared secret. */
    static SecretKey key(String secret) {
        try {
            PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), KEY_SALT, KEY_ITERATIONS, 256);
            byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(raw, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the cluster key", e);
        }
    }
}
