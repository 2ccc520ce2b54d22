package io.bondy.core.testing;

import io.bondy.core.message.WampMessage;
import io.bondy.core.spi.Peer;
import io.bondy.core.spi.TransportInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An in-memory peer that records what the router sends to it. */
public final class RecordingPeer implements Peer {

    private final BlockingQueue<WampMessage> received = new LinkedBlockingQueue<>();
    private final TransportInfo transport;
    private volatile boolean closed;

    public RecordingPeer() {
        this(TransportInfo.internal());
    }

    public RecordingPeer(TransportInfo transport) {
        this.transport = transport;
    }

    @Override
    public void send(WampMessage message) {
        if (!closed) {
            received.add(message);
        }
    }

    @Override
    public void sendAndClose(WampMessage message) {
        send(message);
        closed = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public TransportInfo transport() {
        return transport;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The next message, waiting up to two seconds; fails if none arrives. */
    public WampMessage next() {
        return next(Duration.ofSeconds(2));
    }

    public WampMessage next(Duration timeout) {
        try {
            WampMessage m = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no message received within " + timeout);
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next message, which must be of {@code type}. */
    public <T extends WampMessage> T next(Class<T> type) {
        WampMessage m = next();
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + m);
        }
        return type.cast(m);
    }

    /** Whatever has arrived so far, without waiting. */
    public List<WampMessage> drain() {
        List<WampMessage> out = new ArrayList<>();
        received.drainTo(out);
        return out;
    }
}
