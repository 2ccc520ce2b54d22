package io.bondy.server.tls;

import io.bondy.transport.tls.TlsMaterial;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS context of peer traffic ({@code cluster.tls.*}): it presents this node's certificate (as
 * server and as client) and trusts only the cluster CA, so both ends of every peer connection prove they
 * hold a certificate the CA signed. A peer that does not is refused during the handshake, logged at
 * WARN with its certificate's subject (at most once a minute; the rest are counted) and counted in
 * {@link #refusals()}.
 */
public final class ClusterTls {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTls.class);
    private static final long WARN_EVERY_MILLIS = 60_000;
    private static final AtomicLong REFUSALS = new AtomicLong();
    private static final AtomicLong LAST_WARNING = new AtomicLong(Long.MIN_VALUE / 2);

    private ClusterTls() {
    }

    /** Peers refused by this process since it started (for tests and diagnostics). */
    public static long refusals() {
        return REFUSALS.get();
    }

    /** A context for {@code material}: its chain and key, trusting only its CAs ({@code cacertfile}). */
    public static SSLContext context(TlsMaterial material) {
        try {
            char[] none = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("node", material.key(), none, material.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            KeyStore cas = KeyStore.getInstance("PKCS12");
            cas.load(null, null);
            int i = 0;
            for (X509Certificate ca : material.trusted()) {
                cas.setCertificateEntry("ca" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(cas);
            X509ExtendedTrustManager pkix = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    pkix = x;
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new TrustManager[] {new Logging(pkix)}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the cluster TLS context: " + e.getMessage(), e);
        }
    }

    private static void refused(X509Certificate[] chain, Object peer, CertificateException e) {
        REFUSALS.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = LAST_WARNING.get();
        if (now - last >= WARN_EVERY_MILLIS && LAST_WARNING.compareAndSet(last, now)) {
            String subject = chain == null || chain.length == 0 ? "(no certificate)"
                    : TlsMaterial.subject(chain[0]) + " issued by " + chain[0].getIssuerX500Principal().getName();
            LOG.warn("Refused cluster peer {}: its certificate {} is not one of the cluster CA (cluster.tls.cacertfile):"
                    + " {} ({} refused so far; at most one such line a minute)", peer, subject, e.getMessage(),
                    REFUSALS.get());
        }
    }

    /** The PKIX trust manager, logging and counting what it refuses. */
    private static final class Logging extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager pkix;

        Logging(X509ExtendedTrustManager pkix) {
            this.pkix = pkix;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, Socket socket) throws CertificateException {
            try {
                pkix.checkClientTrusted(chain, auth, socket);
            } catch (CertificateException e) {
                refused(chain, socket == null ? null : socket.getRemoteSocketAddress(), e);
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, Socket socket) throws CertificateException {
            try {
                pkix.checkServerTrusted(chain, auth, socket);
            } catch (CertificateException e) {
                refused(chain, socket == null ? null : socket.getRemoteSocketAddress(), e);
                throw e;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, SSLEngine engine) throws CertificateException {
            try {
                pkix.checkClientTrusted(chain, auth, engine);
            } catch (CertificateException e) {
                refused(chain, engine == null ? null : engine.getPeerHost() + ":" + engine.getPeerPort(), e);
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, SSLEngine engine) throws CertificateException {
            try {
                pkix.checkServerTrusted(chain, auth, engine);
            } catch (CertificateException e) {
                refused(chain, engine == null ? null : engine.getPeerHost() + ":" + engine.getPeerPort(), e);
                throw e;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth) throws CertificateException {
            checkClientTrusted(chain, auth, (Socket) null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth) throws CertificateException {
            checkServerTrusted(chain, auth, (Socket) null);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
