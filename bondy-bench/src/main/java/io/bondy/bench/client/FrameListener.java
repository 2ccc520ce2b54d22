package io.bondy.bench.client;

/**
 * Receives the payload of every WAMP frame of one connection (a WebSocket text/binary message or a
 * RawSocket message frame), already reassembled and copied out of Netty's buffers.
 *
 * <p>Threading: called on the connection's event loop only.
 */
public interface FrameListener {

    void onFrame(BenchConnection connection, byte[] payload);

    /** The connection closed (by either side). Default: nothing. */
    default void onClose(BenchConnection connection) {
    }
}
