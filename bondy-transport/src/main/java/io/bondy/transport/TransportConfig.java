package io.bondy.transport;

import io.bondy.transport.tls.TlsListener;
import io.bondy.transport.tls.TlsProviders;
import java.time.Duration;

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
 * @param websocketTls          the {@code wss://} listener ({@code api_gateway.https.*}): the WebSocket
 *                              listener's settings over TLS, on its own port
 * @param rawsocketTls          the RawSocket-over-TLS listener ({@code wamp.tls.*}): the RawSocket
 *                              listener's settings over TLS, on its own port
 * @param tlsProvider           BoringSSL, the JDK's provider, or whichever loads ({@code tls.provider})
 * @param tlsReloadInterval     how often the TLS listeners' files are checked for changes
 *                              ({@code tls.reload_interval}); zero for never
 */
public record TransportConfig(WebSocketConfig websocket, RawSocketConfig rawsocket, int ioThreads,
                              boolean preferNativeTransport, int outboundHighWaterMark, long maxOutboundBytes,
                              TlsListener websocketTls, TlsListener rawsocketTls, TlsProviders.Choice tlsProvider,
                              Duration tlsReloadInterval) {

    /** The default {@code tls.reload_interval}. */
    public static final Duration DEFAULT_TLS_RELOAD_INTERVAL = Duration.ofMinutes(1);

    public TransportConfig {
        websocketTls = websocketTls == null ? TlsListener.disabled() : websocketTls;
        rawsocketTls = rawsocketTls == null ? TlsListener.disabled() : rawsocketTls;
        tlsProvider = tlsProvider == null ? TlsProviders.Choice.AUTO : tlsProvider;
        tlsReloadInterval = tlsReloadInterval == null ? DEFAULT_TLS_RELOAD_INTERVAL : tlsReloadInterval;
    }

    /** Plain-text listeners only. */
    public TransportConfig(WebSocketConfig websocket, RawSocketConfig rawsocket, int ioThreads,
                           boolean preferNativeTransport, int outboundHighWaterMark, long maxOutboundBytes) {
        this(websocket, rawsocket, ioThreads, preferNativeTransport, outboundHighWaterMark, maxOutboundBytes,
                null, null, null, null);
    }

    /** The same listeners plus the given TLS ones. */
    public TransportConfig withTls(TlsListener websocketTls, TlsListener rawsocketTls,
                                   TlsProviders.Choice tlsProvider) {
        return new TransportConfig(websocket, rawsocket, ioThreads, preferNativeTransport, outboundHighWaterMark,
                maxOutboundBytes, websocketTls, rawsocketTls, tlsProvider, tlsReloadInterval);
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
