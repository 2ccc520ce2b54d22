package io.bondy.core.spi;

import io.bondy.core.message.WampMessage;

/**
 * The far end of a session: something the router sends messages to. The transport (WebSocket,
 * RawSocket) or an in-process client implements it.
 *
 * <p>Threading: every method may be called from any thread; implementations keep the order of
 * messages sent from one thread.
 */
public interface Peer {

    /** Queues a message for the remote end. Never blocks; may drop it per the outbound limits. */
    void send(WampMessage message);

    /**
     * Like {@link #send}, but says whether the message was queued: false when it was dropped because
     * the outbound queue is full (the broker then applies the realm's slow-subscriber policy). Never
     * blocks. The default sends and reports success (an in-process peer has no queue to fill).
     */
    default boolean offer(WampMessage message) {
        send(message);
        return true;
    }

    /** Sends a last message (ABORT or GOODBYE) and closes the transport once it is written. */
    void sendAndClose(WampMessage message);

    /** Closes the transport without a WAMP message. */
    void close();

    TransportInfo transport();

    /**
     * Runs {@code task} on the thread that feeds this peer's session (a connection's event loop), after
     * what that thread is doing now; the router uses it to resume a session whose processing waited for
     * an asynchronous answer (the dynamic authorizer). The default runs it at once on the calling
     * thread (in-process peers have no thread of their own).
     */
    default void execute(Runnable task) {
        task.run();
    }
}
