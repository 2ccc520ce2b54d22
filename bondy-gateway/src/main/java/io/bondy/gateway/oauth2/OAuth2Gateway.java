package io.bondy.gateway.oauth2;

import io.bondy.security.authn.CredentialCheck;
import io.bondy.security.authn.OAuth2Tokens;
import io.netty.channel.ChannelHandler;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth2 endpoints of the API gateway: a {@link TokenEndpoint} and the threads it runs on. The
 * transport adds {@link #newHandler()} to each HTTP connection of the API gateway's port, before the
 * WebSocket endpoint's handlers. Close it after the transport.
 *
 * <p>Threading: thread-safe.
 */
public final class OAuth2Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2Gateway.class);

    private final TokenEndpoint endpoint;
    private final ThreadPoolExecutor executor;

    public OAuth2Gateway(OAuth2Settings settings, CredentialCheck credentials, OAuth2Tokens tokens) {
        this.endpoint = new TokenEndpoint(settings, credentials, tokens);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "bondy-oauth2-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.maxQueuedRequests()), threads);
        LOG.info("OAuth2 endpoints {} and {} serve realm {}", OAuth2Settings.TOKEN_PATH, OAuth2Settings.REVOKE_PATH,
                settings.realm());
    }

    /** A handler for one HTTP connection. */
    public ChannelHandler newHandler() {
        return new OAuth2HttpHandler(endpoint, executor);
    }

    /** The endpoint's logic (for in-process use and tests). */
    public TokenEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
