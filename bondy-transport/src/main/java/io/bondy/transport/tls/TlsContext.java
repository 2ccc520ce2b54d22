package io.bondy.transport.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS context of one listener: the current {@link SslContext}, built from the listener's files, and
 * the files' fingerprints (real path, size, modification time) when they were read. A new connection
 * takes the context current at its accept ({@link #newHandler}); {@link #reload} and
 * {@link #reloadIfChanged} build a new one from the files and swap it in, so connections accepted later
 * get the new certificate while open ones keep theirs. A reload that fails (a key that does not match
 * yet, a file half written) keeps the old context and says why.
 *
 * <p>Threading: {@link #newHandler} from any event loop (one volatile read); the reload methods are
 * synchronized and do blocking file reads: call them off the event loops.
 */
public final class TlsContext implements ReloadableTls {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContext.class);

    private final String listener;
    private final TlsConfig config;
    private final SslProvider provider;
    private final Clock clock;
    private volatile Current current;
    /** The fingerprints of the last attempt, failed or not: a broken file is tried again only once it changes. */
    private List<String> lastAttempt;

    /** What one (re)load did. */
    public enum Outcome { RELOADED, UNCHANGED, FAILED }

    /**
     * The result of a reload.
     *
     * @param listener  the listener, e.g. {@code wamp.tls}
     * @param outcome   what happened
     * @param subject   the certificate now served
     * @param notAfter  when it expires
     * @param error     why the reload failed; null otherwise
     */
    public record Reload(String listener, Outcome outcome, String subject, Instant notAfter, String error) {
    }

    private record Current(SslContext context, TlsMaterial material, List<String> fingerprints) {
    }

    private TlsContext(String listener, TlsConfig config, SslProvider provider, Clock clock) {
        this.listener = listener;
        this.config = config;
        this.provider = provider;
        this.clock = clock;
    }

    /**
     * Loads the listener's files and builds its first context.
     *
     * @param listener the listener's name in logs, e.g. {@code wamp.tls}
     * @throws TlsConfigException naming the key and file when a file is unusable
     */
    public static TlsContext create(String listener, TlsConfig config, SslProvider provider) {
        return create(listener, config, provider, Clock.systemUTC());
    }

    static TlsContext create(String listener, TlsConfig config, SslProvider provider, Clock clock) {
        TlsContext tls = new TlsContext(listener, Objects.requireNonNull(config), provider, clock);
        List<String> fingerprints = tls.fingerprints();
        tls.current = tls.build(fingerprints);
        tls.lastAttempt = fingerprints;
        X509Certificate cert = tls.certificate();
        LOG.info("TLS for {}: certificate {} (expires {}; {} in the chain) from {}, TLS {}, client certificates {},"
                        + " via {}", listener, TlsMaterial.subject(cert), cert.getNotAfter().toInstant(),
                tls.current.material().chain().size(), config.certFile(), String.join(" and ", config.versions()),
                config.clientAuth().name().toLowerCase(java.util.Locale.ROOT), TlsProviders.describe(provider));
        tls.warnIfExpiring(cert);
        return tls;
    }

    /** A handler for a new connection, with the current certificate. Any thread. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = current.context().newHandler(alloc);
        handler.setHandshakeTimeoutMillis(0); // the listener's own deadline covers the handshake
        return handler;
    }

    /** The certificate new connections get. */
    @Override
    public X509Certificate certificate() {
        return current.material().certificate();
    }

    @Override
    public String listener() {
        return listener;
    }

    @Override
    public TlsConfig config() {
        return config;
    }

    /** Reloads when a file changed since the last attempt; otherwise does nothing. Blocking. */
    @Override
    public synchronized Reload reloadIfChanged() {
        List<String> now = fingerprints();
        if (now.equals(lastAttempt)) {
            return result(Outcome.UNCHANGED, null);
        }
        return load(now);
    }

    /** Reloads the files whether they changed or not ({@code bondy.tls.reload}). Blocking. */
    @Override
    public synchronized Reload reload() {
        return load(fingerprints());
    }

    private Reload load(List<String> fingerprints) {
        lastAttempt = fingerprints;
        try {
            Current next = build(fingerprints);
            X509Certificate old = certificate();
            current = next;
            X509Certificate cert = certificate();
            LOG.info("TLS for {}: reloaded {} and {}: now serving {} (expires {}; was {}, expiring {})", listener,
                    config.certFile(), config.keyFile(), TlsMaterial.subject(cert), cert.getNotAfter().toInstant(),
                    TlsMaterial.subject(old), old.getNotAfter().toInstant());
            warnIfExpiring(cert);
            return result(Outcome.RELOADED, null);
        } catch (TlsConfigException e) {
            LOG.warn("TLS for {}: cannot reload, still serving {} (expires {}): {}", listener,
                    TlsMaterial.subject(certificate()), certificate().getNotAfter().toInstant(), e.getMessage());
            return result(Outcome.FAILED, e.getMessage());
        }
    }

    private Reload result(Outcome outcome, String error) {
        X509Certificate cert = certificate();
        return new Reload(listener, outcome, TlsMaterial.subject(cert), cert.getNotAfter().toInstant(), error);
    }

    private Current build(List<String> fingerprints) {
        TlsMaterial material = TlsMaterial.load(config, clock.instant());
        SslContextBuilder builder = SslContextBuilder
                .forServer(material.key(), material.chain().toArray(X509Certificate[]::new))
                .sslProvider(provider)
                .protocols(config.protocols())
                .ciphers(config.ciphers(), SupportedCipherSuiteFilter.INSTANCE)
                .clientAuth(switch (config.clientAuth()) {
                    case NONE -> ClientAuth.NONE;
                    case OPTIONAL -> ClientAuth.OPTIONAL;
                    case REQUIRED -> ClientAuth.REQUIRE;
                });
        if (!material.trusted().isEmpty()) {
            builder.trustManager(material.trusted().toArray(X509Certificate[]::new));
        }
        SslContext context;
        try {
            context = builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException(config.keyPrefix() + ": cannot build a TLS context from " + config.certFile()
                    + " and " + config.keyFile() + ": " + e.getMessage(), e);
        }
        if (context.cipherSuites().isEmpty()) {
            throw new TlsConfigException(config.keyPrefix() + ".ciphers: none of " + config.ciphers()
                    + " is supported by " + TlsProviders.describe(provider));
        }
        return new Current(context, material, fingerprints);
    }

    private void warnIfExpiring(X509Certificate cert) {
        Instant notAfter = cert.getNotAfter().toInstant();
        if (notAfter.isBefore(clock.instant().plus(EXPIRY_WARNING))) {
            LOG.warn("TLS for {}: the certificate {} expires on {}: renew it (the files are reloaded when they"
                    + " change)", listener, TlsMaterial.subject(cert), notAfter);
        }
    }

    private List<String> fingerprints() {
        return TlsMaterial.fingerprints(config);
    }
}
