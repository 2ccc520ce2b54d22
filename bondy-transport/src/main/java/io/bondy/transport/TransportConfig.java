package io.bondy.transport;

/**
 * Everything the Netty transports need.
 *
 * @param websocket            the WebSocket listener
 * @param rawsocket            the RawSocket listener
 * @param ioThreads            Netty event-loop threads; 0 means Netty's default (2 × cores)
 * @param preferNativeTransport use epoll when available (Linux), NIO otherwise
 * @param outboundHighWaterMark bytes queued for one connection before it counts as not writable
 * @param maxOutboundBytes      bytes queued for one connection past which further messages to it
 *                              are dropped (and counted); a slow reader never grows memory unbounded
 */
public record TransportConfig(WebSocketConfig websocket, RawSocketConfig rawsocket, int ioThreads,
                              boolean preferNativeTransport, int outboundHighWaterMark, long maxOutboundBytes) {
}
