package io.bondy.transport;

/**
 * Everything the Netty transports need.
 *
 * @param websocket            the WebSocket listener
 * @param rawsocket            the RawSocket listener
 * @param ioThreads            Netty event-loop threads; 0 means one per two cores, at least one
 *                             (see {@link #effectiveIoThreads()})
 * @param preferNativeTransport use epoll when available (Linux), NIO otherwise
 * @param outboundHighWaterMark bytes queued for one connection before it counts as not writable
 * @param maxOutboundBytes      bytes queued for one connection past which further messages to it
 *                              are dropped (and counted); a slow reader never grows memory unbounded
 * @param webSocketExtras       permessage-deflate and the batched subprotocols ({@link WebSocketExtras})
 */
public record TransportConfig(WebSocketConfig websocket, RawSocketConfig rawsocket, int ioThreads,
                              boolean preferNativeTransport, int outboundHighWaterMark, long maxOutboundBytes,
                              WebSocketExtras webSocketExtras) {

    public TransportConfig {
        webSocketExtras = webSocketExtras == null ? WebSocketExtras.DEFAULT : webSocketExtras;
    }

    /** A configuration with the default {@link WebSocketExtras} (compression off). */
    public TransportConfig(WebSocketConfig websocket, RawSocketConfig rawsocket, int ioThreads,
                           boolean preferNativeTransport, int outboundHighWaterMark, long maxOutboundBytes) {
        this(websocket, rawsocket, ioThreads, preferNativeTransport, outboundHighWaterMark, maxOutboundBytes,
                WebSocketExtras.DEFAULT);
    }

    /** This configuration with other WebSocket extras. */
    public TransportConfig withWebSocketExtras(WebSocketExtras extras) {
        return new TransportConfig(websocket, rawsocket, ioThreads, preferNativeTransport, outboundHighWaterMark,
                maxOutboundBytes, extras);
    }

    /**
     * The event-loop threads to start: {@code ioThreads}, or for 0 one per two available cores (at
     * least one). Fewer loops than Netty's default (twice the cores) means fewer hand-offs between
     * loops for a call whose caller and callee sit on different loops: on a 2-core machine one loop
     * roughly halved the call round trip at equal throughput (docs/benchmarks.md, "Event-loop threads").
     */
    public int effectiveIoThreads() {
        return ioThreads > 0 ? ioThreads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
