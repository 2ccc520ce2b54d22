package io.bondy.transport.longpoll;

import io.bondy.core.message.WampMessage;
import io.bondy.core.router.Router;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.spi.TransportInfo;
import io.bondy.transport.LongPollConfig;
import io.bondy.transport.http.HttpErrors;
import io.bondy.transport.websocket.Batching;
import io.bondy.transport.websocket.Subprotocols;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-poll transport: the {@link Peer} of its WAMP session, the queue of messages waiting for a
 * {@code /receive}, the {@code /receive} being held, and its timers.
 *
 * <p>Bounds: at most {@code maxQueuedMessages} messages and {@code wamp.outbound.max_queue_size} bytes wait
 * (one message always may); past that a message is dropped and counted
 * ({@link RouterMetrics#outboundDropped}; {@link #offer} says no, so the router applies its slow-consumer
 * policy). A {@code /receive} is held for {@code receiveTimeout} at most, then answered {@code 204}. With no
 * {@code /receive} held or arriving for {@code sessionTimeout}, or no WELCOME within the handshake timeout of
 * {@code /open}, the transport ends and its session with it (counted as {@code longpoll/session} and
 * {@code longpoll/handshake} in {@link RouterMetrics#connectionTimedOut}).
 *
 * <p>Threading: the state lives on one event loop (the one of the {@code /open} connection), which also
 * drives the WAMP session; {@link #send}, {@link #offer}, {@link #close} and the request methods may be
 * called from any thread and hop onto it.
 */
final class LongPollSession implements Peer {

    private static final Logger LOG = LoggerFactory.getLogger(LongPollSession.class);

    private final String id;
    private final Subprotocols.Negotiated protocol;
    private final Serializer serializer;
    private final LongPollConfig config;
    private final int maxBatch;
    private final EventLoop loop;
    private final TransportInfo info;
    private final RouterMetrics metrics;
    private final LongPollTransports registry;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxQueuedBytes;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Event loop only from here on. */
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private WampSession session;
    private Channel waiting;
    private ScheduledFuture<?> receiveTimer;
    private ScheduledFuture<?> idleTimer;
    private boolean ended;

    LongPollSession(String id, Subprotocols.Negotiated protocol, LongPollConfig config, int maxBatch,
                    long maxQueuedBytes, EventLoop loop, InetSocketAddress remote, RouterMetrics metrics,
                    LongPollTransports registry) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.id = id;
        this.protocol = protocol;
        this.serializer = Serializers.of(protocol.kind());
        this.config = config;
        this.maxBatch = maxBatch;
        this.loop = loop;
        this.info = new TransportInfo("longpoll", protocol.kind(), remote);
        this.metrics = metrics;
        this.registry = registry;
    }

    /** Opens the WAMP session and starts the timers. Event loop. */
    void start(Router router, Duration handshakeTimeout) {
        session = router.open(this);
        armIdleTimer();
        loop.schedule(() -> {
            if (!ended && !session.isEstablished()) {
                LOG.debug("Closing long-poll transport {}: no WELCOME within {} ms", id, handshakeTimeout.toMillis());
                metrics.connectionTimedOut("longpoll", "handshake");
                end();
            }
        }, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String id() {
        return id;
    }

    Subprotocols.Negotiated protocol() {
        return protocol;
    }

    EventLoop loop() {
        return loop;
    }

    // ---------------------------------------------------------------- requests (event loop)

    /** {@code /send}: decodes the body's message(s) and hands them to the session; 202, or 400 if undecodable. */
    void onSend(Channel channel, ByteBuf body) {
        try {
            if (ended) {
                LongPollHandler.respond(channel, gone());
                return;
            }
            metrics.bytesReceived(info.type(), body.readableBytes());
            List<WampMessage> messages = new ArrayList<>();
            try {
                if (protocol.batched()) {
                    List<ByteBuf> parts = Batching.split(body, !protocol.kind().binary(), maxBatch);
                    try {
                        for (ByteBuf part : parts) {
                            messages.add(serializer.decode(ByteBufUtil.getBytes(part)));
                        }
                    } finally {
                        parts.forEach(ByteBuf::release);
                    }
                } else {
                    if (!body.isReadable()) {
                        throw new IllegalArgumentException("an empty body");
                    }
                    messages.add(serializer.decode(ByteBufUtil.getBytes(body)));
                }
            } catch (RuntimeException e) {
                String why = "undecodable " + protocol.subprotocol() + " body: " + e.getMessage();
                LongPollHandler.respond(channel, HttpErrors.json(HttpResponseStatus.BAD_REQUEST,
                        HttpErrors.BAD_REQUEST, why));
                session.protocolViolation(why);
                return;
            }
            for (WampMessage message : messages) {
                session.receive(message);
            }
            LongPollHandler.respond(channel, empty(HttpResponseStatus.ACCEPTED));
        } finally {
            body.release();
        }
    }

    /** {@code /receive}: answers at once with what is queued, or holds the request until a message comes. */
    void onReceive(Channel channel) {
        if (ended) {
            LongPollHandler.respond(channel, gone());
            return;
        }
        if (waiting != null) {
            answerEmpty(); // one /receive at a time: the older one ends empty
        }
        cancel(idleTimer);
        waiting = channel;
        channel.closeFuture().addListener(f -> loop.execute(() -> {
            if (waiting == channel) { // the client gave up on it
                waiting = null;
                cancel(receiveTimer);
                armIdleTimer();
            }
        }));
        if (!queue.isEmpty()) {
            deliver();
        } else {
            receiveTimer = loop.schedule(this::answerEmpty, config.receiveTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** {@code /close}: ends the transport and its session. */
    void onClose(Channel channel) {
        end();
        LongPollHandler.respond(channel, empty(HttpResponseStatus.ACCEPTED));
    }

    // ---------------------------------------------------------------- Peer (any thread)

    @Override
    public void send(WampMessage message) {
        offer(message);
    }

    @Override
    public boolean offer(WampMessage message) {
        if (closing.get()) {
            return true;
        }
        byte[] bytes;
        try {
            bytes = serializer.encode(message);
        } catch (RuntimeException e) {
            metrics.outboundDropped(message.type());
            LOG.warn("Cannot encode {} for long-poll transport {}", message.type(), id, e);
            return true;
        }
        int count = queued.incrementAndGet();
        long size = queuedBytes.addAndGet(bytes.length);
        if (count > config.maxQueuedMessages() || size > maxQueuedBytes && count > 1) { // one message always fits
            release(bytes.length);
            metrics.outboundDropped(message.type());
            LOG.debug("Dropped {} to long-poll transport {}: {} messages or {} bytes are queued"
                    + " (wamp.longpoll.max_queued_messages, wamp.outbound.max_queue_size)", message.type(), id,
                    config.maxQueuedMessages(), maxQueuedBytes);
            return false;
        }
        metrics.bytesSent(info.type(), bytes.length);
        execute(() -> {
            if (ended) {
                release(bytes.length);
                return;
            }
            queue.add(bytes);
            deliver();
        });
        return true;
    }

    @Override
    public void sendAndClose(WampMessage message) {
        if (closing.get()) {
            return;
        }
        offer(message);
        close();
    }

    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            execute(this::endIfDrained);
        }
    }

    @Override
    public TransportInfo transport() {
        return info;
    }

    @Override
    public void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Not running a task for long-poll transport {}: its event loop has shut down", id);
        }
    }

    /** Ends the transport from outside (server shutdown). */
    void shutdown() {
        execute(this::end);
    }

    // ---------------------------------------------------------------- internals (event loop)

    /** Answers the held {@code /receive} with one message, or a batch of what is queued. */
    private void deliver() {
        if (waiting == null || queue.isEmpty()) {
            return;
        }
        byte[] body;
        if (protocol.batched()) {
            List<byte[]> batch = new ArrayList<>();
            while (!queue.isEmpty() && batch.size() < maxBatch) {
                byte[] message = queue.poll();
                batch.add(message);
                release(message.length);
            }
            body = Batching.join(batch, !protocol.kind().binary());
        } else {
            body = queue.poll();
            release(body.length);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        Channel channel = waiting;
        waiting = null;
        cancel(receiveTimer);
        LongPollHandler.respond(channel, response);
        armIdleTimer();
        endIfDrained();
    }

    private void answerEmpty() {
        if (waiting != null) {
            Channel channel = waiting;
            waiting = null;
            cancel(receiveTimer);
            LongPollHandler.respond(channel, empty(HttpResponseStatus.NO_CONTENT));
            armIdleTimer();
        }
    }

    private void endIfDrained() {
        if (closing.get() && queue.isEmpty()) {
            end();
        }
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        closing.set(true);
        cancel(idleTimer);
        cancel(receiveTimer);
        registry.remove(this);
        if (waiting != null) {
            Channel channel = waiting;
            waiting = null;
            LongPollHandler.respond(channel, gone());
        }
        queue.forEach(message -> release(message.length));
        queue.clear();
        session.transportClosed();
        LOG.debug("Long-poll transport {} closed", id);
    }

    /** One message left the queue (or never joined it). Any thread. */
    private void release(int length) {
        queued.decrementAndGet();
        queuedBytes.addAndGet(-length);
    }

    private void armIdleTimer() {
        cancel(idleTimer);
        if (ended) {
            return;
        }
        idleTimer = loop.schedule(() -> {
            if (waiting == null && !ended) {
                LOG.debug("Closing long-poll transport {}: no /receive for {} ms", id,
                        config.sessionTimeout().toMillis());
                metrics.connectionTimedOut("longpoll", "session");
                end();
            }
        }, config.sessionTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private String contentType() {
        return switch (protocol.kind()) {
            case JSON -> "application/json";
            case MSGPACK -> "application/x-msgpack";
            case CBOR -> "application/cbor";
        };
    }

    private FullHttpResponse gone() {
        return HttpErrors.json(HttpResponseStatus.NOT_FOUND, LongPollHandler.NO_SUCH_TRANSPORT,
                "long-poll transport " + id + " is closed");
    }

    static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    @Override
    public String toString() {
        return "longpoll " + id + " " + info;
    }
}
