package io.bondy.transport.pipeline;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Error;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.spi.TransportInfo;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Peer} of one WebSocket or RawSocket connection.
 *
 * <p>Threading: every method may be called from any thread. A message is encoded on the caller's
 * thread (once per publication and serializer: see {@link EncodeCache}; the size checks below are
 * decided before anything is queued); the bytes then join the connection's outbox, which the
 * channel's event loop empties in one task: every message queued until then is written and flushed
 * once, so a burst to one connection costs one socket write, not one per message. Messages leave in
 * the order they were handed over, whichever threads handed them; closing goes through the outbox
 * too, after what was queued before it.
 *
 * <p>Outbound limits: a message longer than the remote end accepts ({@link OutboundFraming#maxMessageLength},
 * the RawSocket client's LENGTH) is never sent: a RESULT is replaced by
 * {@code ERROR wamp.error.payload_size_exceeded} for the same call, so the caller is not left
 * waiting; any other message is dropped. A message that would queue more than
 * {@code maxOutboundBytes} for a slow reader is dropped. Every drop is counted in
 * {@link RouterMetrics#outboundDropped}.
 */
public final class NettyPeer implements Peer {

    private static final Logger LOG = LoggerFactory.getLogger(NettyPeer.class);
    /** How long {@link #sendAndClose} waits for the last message to be written before closing anyway. */
    private static final long FORCE_CLOSE_SECONDS = 5;
    /** Messages one drain of the outbox writes before it yields the event loop to other connections. */
    private static final int MAX_DRAIN = 256;

    private final Channel channel;
    private final Serializer serializer;
    private final OutboundFraming framing;
    private final TransportInfo info;
    private final OutboundBudget budget;
    private final DropLog drops;
    private final RouterMetrics metrics;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Encoded messages (byte[]) and closing steps (Runnable) waiting for the event loop, in order. */
    private final Queue<Object> outbox = new ConcurrentLinkedQueue<>();
    /** Whether a drain of {@link #outbox} is queued on the event loop and has not started yet. */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final Runnable drain = this::drainOutbox;
    private final Runnable welcomed;

    public NettyPeer(Channel channel, TransportInfo info, Serializer serializer, OutboundFraming framing,
                     long maxOutboundBytes, RouterMetrics metrics) {
        this.channel = channel;
        this.info = info;
        this.serializer = serializer;
        this.framing = framing;
        this.budget = new OutboundBudget(maxOutboundBytes);
        this.drops = new DropLog(metrics);
        this.metrics = metrics;
        this.welcomed = () -> HandshakeTimeoutHandler.cancel(channel.pipeline());
    }

    @Override
    public void send(WampMessage message) {
        if (!queue(message)) {
            drops.dropped(message.type(), info, "more than the outbound limit is queued");
        }
    }

    /**
     * Returns false only when the message was not queued because more than {@code maxOutboundBytes} is
     * queued: the router then ends what the message belonged to (the slow-subscriber policy for an
     * EVENT, the call for an INVOCATION or RESULT) and logs it, so the refusal is only counted here
     * (and logged at DEBUG). Other drops (closed connection, unencodable, longer than the client
     * accepts) are not a slow reader's doing and return true.
     */
    @Override
    public boolean offer(WampMessage message) {
        if (!queue(message)) {
            drops.refused(message.type(), info);
            return false;
        }
        return true;
    }

    /** Encodes and queues the message; false only if the outbound budget refused it. */
    private boolean queue(WampMessage message) {
        if (closing.get() || !channel.isActive()) {
            LOG.debug("Not sending {} to closed {}", message.type(), info);
            return true;
        }
        byte[] bytes = encode(message);
        if (bytes == null) {
            return true;
        }
        if (bytes.length > framing.maxMessageLength()) {
            if (message instanceof Welcome welcome) {
                return welcomeThatFits(welcome, bytes.length);
            }
            tooLong(message, bytes.length);
            return true;
        }
        if (!budget.tryAcquire(bytes.length)) {
            return false;
        }
        metrics.bytesSent(info.type(), bytes.length);
        enqueue(bytes);
        if (message.type() == MessageType.WELCOME) {
            enqueue(welcomed); // the handshake deadline ends with the WELCOME
        }
        return true;
    }

    @Override
    public void sendAndClose(WampMessage message) {
        if (!closing.compareAndSet(false, true) || !channel.isActive()) {
            return;
        }
        byte[] bytes = encode(message);
        enqueue((Runnable) () -> {
            if (bytes == null) {
                LOG.debug("Closing {} without the last message", info);
            } else if (bytes.length <= framing.maxMessageLength()) {
                channel.writeAndFlush(framing.frame(bytes));
            } else {
                drops.dropped(message.type(), info, "longer than the client accepts");
            }
            closeNow();
        });
    }

    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            enqueue((Runnable) this::closeNow);
        }
    }

    @Override
    public TransportInfo transport() {
        return info;
    }

    /** Runs {@code task} on the channel's event loop, the thread that feeds this connection's session. */
    @Override
    public void execute(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Not resuming {}: its event loop has shut down", info);
        }
    }

    /** Bytes written and not yet flushed to the socket (for tests and diagnostics). */
    public long pendingOutboundBytes() {
        return budget.pendingBytes();
    }

    /** Messages dropped on the way to this connection. */
    public long droppedMessages() {
        return drops.count();
    }

    private void closeNow() {
        if (channel.isActive()) {
            framing.close(channel);
            ScheduledFuture<?> force = channel.eventLoop().schedule(() -> {
                channel.close();
            }, FORCE_CLOSE_SECONDS, TimeUnit.SECONDS);
            channel.closeFuture().addListener(f -> force.cancel(false));
        }
    }

    /**
     * Adds {@code item} to the outbox and makes sure a drain is queued on the event loop. Every item
     * goes through the outbox, also when called on the loop: a write made directly there would
     * overtake items queued earlier by other threads (e.g. put a GOODBYE before an EVENT routed to
     * the session just before).
     */
    private void enqueue(Object item) {
        outbox.add(item);
        if (drainQueued.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                drainQueued.set(false);
                outbox.clear();
                LOG.debug("Not writing to {}: its event loop has shut down", info);
            }
        }
    }

    /**
     * Writes what the outbox holds and flushes once (before a closing step, and at the end). At most
     * {@link #MAX_DRAIN} items per turn, so one busy connection does not hold the loop: the rest goes
     * in the next task. Event loop.
     */
    private void drainOutbox() {
        drainQueued.set(false); // before polling: an item added from now on queues the next drain
        boolean unflushed = false;
        Object item;
        int n = 0;
        while (n++ < MAX_DRAIN && (item = outbox.poll()) != null) {
            if (item instanceof byte[] bytes) {
                channel.write(framing.frame(bytes)).addListener(f -> budget.release(bytes.length));
                unflushed = true;
            } else {
                if (unflushed) {
                    channel.flush();
                    unflushed = false;
                }
                ((Runnable) item).run();
            }
        }
        if (unflushed) {
            channel.flush();
        }
        if (!outbox.isEmpty() && drainQueued.compareAndSet(false, true)) {
            channel.eventLoop().execute(drain);
        }
    }

    /** The serialized message, or null (logged and counted) if the serializer cannot encode it. */
    private byte[] encode(WampMessage message) {
        try {
            return EncodeCache.encode(serializer, message);
        } catch (RuntimeException e) {
            LOG.warn("Cannot encode {} for {}", message.type(), info, e);
            drops.dropped(message.type(), info, "not encodable: " + e.getMessage());
            return null;
        }
    }

    /**
     * A RawSocket client may accept messages as short as 512 bytes, and a WELCOME with every feature of
     * every role is longer: it gets a WELCOME without the feature lists (the roles alone, which is all
     * the Basic Profile asks), and if even that does not fit, the connection closes (a message longer
     * than the client accepts is never sent).
     */
    private boolean welcomeThatFits(Welcome welcome, int length) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        for (String key : List.of("realm", "authid", "authrole", "authmethod", "authprovider")) {
            if (welcome.details().get(key) != null) {
                details.put(key, welcome.details().get(key));
            }
        }
        Map<String, Object> roles = new java.util.LinkedHashMap<>();
        if (welcome.details().get("roles") instanceof Map<?, ?> announced) {
            announced.keySet().forEach(role -> roles.put(String.valueOf(role), Map.of()));
        }
        details.put("roles", roles);
        Welcome compact = new Welcome(welcome.session(), details);
        byte[] bytes = encode(compact);
        if (bytes == null || bytes.length > framing.maxMessageLength()) {
            drops.dropped(MessageType.WELCOME, info, "even a WELCOME without features is longer than the "
                    + framing.maxMessageLength() + " bytes the client accepts; closing");
            close();
            return true;
        }
        LOG.debug("{} accepts {} bytes: WELCOME without feature lists ({} instead of {} bytes)", info,
                framing.maxMessageLength(), bytes.length, length);
        if (!budget.tryAcquire(bytes.length)) {
            return false;
        }
        metrics.bytesSent(info.type(), bytes.length);
        enqueue(bytes);
        return true;
    }

    private void tooLong(WampMessage message, int length) {
        String why = message.type() + " of " + length + " bytes is longer than the " + framing.maxMessageLength()
                + " bytes the client accepts";
        drops.dropped(message.type(), info, why);
        if (message instanceof Result result) {
            send(new Error(MessageType.CALL.code(), result.requestId(), Map.of("message", why),
                    WampErrors.PAYLOAD_SIZE_EXCEEDED, Payload.NONE));
        }
    }
}
