package io.bondy.transport.longpoll;

import io.bondy.core.router.Router;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.LongPollConfig;
import io.bondy.transport.websocket.Subprotocols;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-poll transports open on one listener, by transport id (16 random URL-safe characters, 96 bits),
 * at most {@link LongPollConfig#maxTransports()}. Makes the per-connection {@link LongPollHandler}.
 *
 * <p>Threading: any thread.
 */
public final class LongPollTransports {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LongPollConfig config;
    private final Router router;
    private final RouterMetrics metrics;
    private final Duration handshakeTimeout;
    private final int maxBatch;
    private final long maxQueuedBytes;
    private final Map<String, LongPollSession> open = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /**
     * @param handshakeTimeout how long after {@code /open} the WELCOME may take
     * @param maxBatch         the most messages in one batch of a batched protocol, both ways
     * @param maxQueuedBytes   the most bytes queued for one transport ({@code wamp.outbound.max_queue_size})
     */
    public LongPollTransports(LongPollConfig config, Router router, RouterMetrics metrics, Duration handshakeTimeout,
                              int maxBatch, long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.config = config;
        this.router = router;
        this.metrics = metrics == null ? RouterMetrics.NOOP : metrics;
        this.handshakeTimeout = handshakeTimeout;
        this.maxBatch = maxBatch;
    }

    public LongPollConfig config() {
        return config;
    }

    /** A new handler for one connection of the listener. */
    public ChannelHandler newHandler() {
        return new LongPollHandler(this);
    }

    /** Transports open now. */
    public int size() {
        return open.size();
    }

    /** Ends every transport (server shutdown). */
    public void closeAll() {
        new ArrayList<>(open.values()).forEach(LongPollSession::shutdown);
    }

    /** Opens a transport on {@code channel}'s event loop, or empty if {@link LongPollConfig#maxTransports()} are open. */
    Optional<LongPollSession> open(Subprotocols.Negotiated protocol, Channel channel) {
        if (count.incrementAndGet() > config.maxTransports()) {
            count.decrementAndGet();
            metrics.connectionRefused("longpoll");
            return Optional.empty();
        }
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        InetSocketAddress remote = channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
        LongPollSession session = new LongPollSession(id, protocol, config, maxBatch, maxQueuedBytes, channel.eventLoop(), remote,
                metrics, this);
        open.put(id, session);
        session.start(router, handshakeTimeout);
        return Optional.of(session);
    }

    Optional<LongPollSession> find(String id) {
        return Optional.ofNullable(open.get(id));
    }

    void remove(LongPollSession session) {
        if (open.remove(session.id(), session)) {
            count.decrementAndGet();
        }
    }
}
