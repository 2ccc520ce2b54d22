package io.bondy.server.tls;

import io.bondy.transport.tls.ReloadableTls;
import io.bondy.transport.tls.TlsConfig;
import io.bondy.transport.tls.TlsConfigException;
import io.bondy.transport.tls.TlsContext;
import io.bondy.transport.tls.TlsMaterial;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS context of peer traffic ({@code cluster.tls.*}): it presents this node's certificate (as
 * server and as client) and trusts only the cluster CA, so both ends of every peer connection prove they
 * hold a certificate the CA signed. A peer that does not is refused during the handshake, logged at
 * WARN with its certificate's subject (at most once a minute; the rest are counted) and counted in
 * {@link #refusals()}.
 *
 * <p>Reloadable in place, like a listener's {@link TlsContext}: JGroups holds one {@link SSLContext}
 * ({@link #sslContext()}) for the life of the node, but its key manager and trust manager delegate to the
 * current material, which {@link #reload} and {@link #reloadIfChanged} (the {@link
 * io.bondy.transport.tls.TlsReloader}, {@code bondy.tls.reload}) replace. Handshakes that start after a
 * reload present the new certificate and trust the new CA file; open peer connections stay up with what
 * they negotiated. Sessions are not resumed (no tickets are issued, a reload empties the session
 * caches): a reconnect is a full handshake checked against the CA file of the moment. A reload that
 * fails keeps the old material and says why.
 *
 * <p>Threading: the managers are called from JGroups' connection threads (volatile reads); the reload
 * methods are synchronized and read files: the reloader's thread or the caller's.
 */
public final class ClusterTls implements ReloadableTls {

    /** The name in logs and in {@code bondy.tls.*} results. */
    public static final String NAME = "cluster.tls";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTls.class);
    private static final long WARN_EVERY_MILLIS = 60_000;
    /** Longer than the JDK's 7-day maximum ticket lifetime: it then issues no resumption tickets. */
    private static final int NO_TICKETS_SESSION_TIMEOUT_SECONDS = 8 * 24 * 3600;
    private static final AtomicLong REFUSALS = new AtomicLong();
    private static final AtomicLong LAST_WARNING = new AtomicLong(Long.MIN_VALUE / 2);

    private final TlsConfig config;
    private final Clock clock;
    private final SSLContext context;
    private final AtomicLong generations = new AtomicLong();
    private volatile Current current;
    /** The material before the last reload: a handshake that chose its alias just before keeps working. */
    private volatile Current previous;
    /** The fingerprints of the last attempt, failed or not: a broken file is tried again only once it changes. */
    private List<String> lastAttempt;

    /**
     * One loaded set of files: the key manager offers the chain and key under the alias {@code node-N}
     * (N counts loads), so the chain and the key a handshake asks for by alias are always of one set.
     */
    private record Current(String alias, TlsMaterial material, X509ExtendedKeyManager keys,
                           X509ExtendedTrustManager trust, List<String> fingerprints) {
    }

    private ClusterTls(TlsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        try {
            this.context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new Keys()}, new TrustManager[] {new Logging()}, new SecureRandom());
            // no session resumption, so every peer connection is checked against the CA file of the moment: the
            // JDK sends no session tickets (TLS 1.3, nor 1.2 stateless ones) when the server session timeout
            // exceeds the 7-day ticket lifetime limit, and a reload empties the stateful caches
            context.getServerSessionContext().setSessionTimeout(NO_TICKETS_SESSION_TIMEOUT_SECONDS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the cluster TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code config}'s files (certificate chain, key, cluster CA) and builds the context.
     *
     * @throws TlsConfigException naming the key and file when a file is unusable
     */
    public static ClusterTls create(TlsConfig config) {
        return create(config, Clock.systemUTC());
    }

    static ClusterTls create(TlsConfig config, Clock clock) {
        ClusterTls tls = new ClusterTls(Objects.requireNonNull(config), clock);
        List<String> fingerprints = TlsMaterial.fingerprints(config);
        tls.current = tls.build(fingerprints);
        tls.lastAttempt = fingerprints;
        X509Certificate cert = tls.certificate();
        LOG.info("TLS for {}: certificate {} (expires {}; {} in the chain) from {}, trusting the {} CA certificate(s)"
                        + " in {}", NAME, TlsMaterial.subject(cert), cert.getNotAfter().toInstant(),
                tls.current.material().chain().size(), config.certFile(), tls.current.material().trusted().size(),
                config.caCertFile());
        tls.warnIfExpiring(cert);
        return tls;
    }

    /** The one context JGroups' TCP transport uses: its managers follow every reload. */
    public SSLContext sslContext() {
        return context;
    }

    /** Peers refused by this process since it started (for tests and diagnostics). */
    public static long refusals() {
        return REFUSALS.get();
    }

    @Override
    public String listener() {
        return NAME;
    }

    @Override
    public TlsConfig config() {
        return config;
    }

    @Override
    public X509Certificate certificate() {
        return current.material().certificate();
    }

    /** The cluster CAs peers' certificates are checked against now. */
    public List<X509Certificate> trusted() {
        return current.material().trusted();
    }

    @Override
    public synchronized TlsContext.Reload reloadIfChanged() {
        List<String> now = TlsMaterial.fingerprints(config);
        if (now.equals(lastAttempt)) {
            return result(TlsContext.Outcome.UNCHANGED, null);
        }
        return load(now);
    }

    @Override
    public synchronized TlsContext.Reload reload() {
        return load(TlsMaterial.fingerprints(config));
    }

    private TlsContext.Reload load(List<String> fingerprints) {
        lastAttempt = fingerprints;
        try {
            Current next = build(fingerprints);
            X509Certificate old = certificate();
            previous = current;
            current = next;
            forgetSessions(context.getClientSessionContext());
            forgetSessions(context.getServerSessionContext());
            X509Certificate cert = certificate();
            LOG.info("TLS for {}: reloaded {}, {} and {}: new peer connections get {} (expires {}; was {}, expiring {})"
                            + " and must present a certificate of {}; open ones stay up", NAME, config.certFile(),
                    config.keyFile(), config.caCertFile(), TlsMaterial.subject(cert), cert.getNotAfter().toInstant(),
                    TlsMaterial.subject(old), old.getNotAfter().toInstant(),
                    next.material().trusted().stream().map(TlsMaterial::subject).toList());
            warnIfExpiring(cert);
            return result(TlsContext.Outcome.RELOADED, null);
        } catch (TlsConfigException e) {
            LOG.warn("TLS for {}: cannot reload, still presenting {} (expires {}) and trusting the previous CA file: {}",
                    NAME, TlsMaterial.subject(certificate()), certificate().getNotAfter().toInstant(), e.getMessage());
            return result(TlsContext.Outcome.FAILED, e.getMessage());
        }
    }

    private TlsContext.Reload result(TlsContext.Outcome outcome, String error) {
        X509Certificate cert = certificate();
        return new TlsContext.Reload(NAME, outcome, TlsMaterial.subject(cert), cert.getNotAfter().toInstant(), error);
    }

    private Current build(List<String> fingerprints) {
        TlsMaterial material = TlsMaterial.load(config, clock.instant());
        String alias = "node-" + generations.incrementAndGet();
        try {
            char[] none = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(alias, material.key(), none, material.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            X509ExtendedKeyManager keyManager = null;
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509ExtendedKeyManager x) {
                    keyManager = x;
                }
            }
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
            if (keyManager == null || pkix == null) {
                throw new TlsConfigException(config.keyPrefix() + ": the JDK offers no X.509 key or trust manager");
            }
            return new Current(alias, material, keyManager, pkix, fingerprints);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigException(config.keyPrefix() + ": cannot build a TLS context from " + config.certFile()
                    + ", " + config.keyFile() + " and " + config.caCertFile() + ": " + e.getMessage(), e);
        }
    }

    private static void forgetSessions(SSLSessionContext sessions) {
        for (byte[] id : Collections.list(sessions.getIds())) {
            var session = sessions.getSession(id);
            if (session != null) {
                session.invalidate();
            }
        }
    }

    private void warnIfExpiring(X509Certificate cert) {
        Instant notAfter = cert.getNotAfter().toInstant();
        if (notAfter.isBefore(clock.instant().plus(EXPIRY_WARNING))) {
            LOG.warn("TLS for {}: the certificate {} expires on {}: renew it (the files are reloaded when they"
                    + " change)", NAME, TlsMaterial.subject(cert), notAfter);
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

    /** The current material's key manager; an alias names the load it came from. */
    private final class Keys extends X509ExtendedKeyManager {

        private X509ExtendedKeyManager of(String alias) {
            Current now = current;
            if (alias == null || alias.equals(now.alias())) {
                return now.keys();
            }
            Current before = previous;
            return before != null && alias.equals(before.alias()) ? before.keys() : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return current.keys().getClientAliases(keyType, issuers);
        }

        // the peer's list of acceptable CAs is not applied: a node whose certificate another CA signed still
        // presents it, so the peer refuses it in its trust manager, which logs and counts it (filtered, the
        // node would send no certificate and the peer would refuse it without saying whose it was)

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return current.keys().chooseClientAlias(keyType, null, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return current.keys().chooseEngineClientAlias(keyType, null, engine);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return current.keys().getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return current.keys().chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return current.keys().chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            X509ExtendedKeyManager keys = of(alias);
            return keys == null ? null : keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            X509ExtendedKeyManager keys = of(alias);
            return keys == null ? null : keys.getPrivateKey(alias);
        }
    }

    /** The current PKIX trust manager (the cluster CA file), logging and counting what it refuses. */
    private final class Logging extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, Socket socket) throws CertificateException {
            try {
                current.trust().checkClientTrusted(chain, auth, socket);
            } catch (CertificateException e) {
                refused(chain, socket == null ? null : socket.getRemoteSocketAddress(), e);
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, Socket socket) throws CertificateException {
            try {
                current.trust().checkServerTrusted(chain, auth, socket);
            } catch (CertificateException e) {
                refused(chain, socket == null ? null : socket.getRemoteSocketAddress(), e);
                throw e;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, SSLEngine engine) throws CertificateException {
            try {
                current.trust().checkClientTrusted(chain, auth, engine);
            } catch (CertificateException e) {
                refused(chain, engine == null ? null : engine.getPeerHost() + ":" + engine.getPeerPort(), e);
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, SSLEngine engine) throws CertificateException {
            try {
                current.trust().checkServerTrusted(chain, auth, engine);
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
            return current.trust().getAcceptedIssuers();
        }
    }
}
