package io.bondy.transport.pipeline;

/**
 * The names of every handler in the WebSocket and RawSocket pipelines, so that handlers can find,
 * insert and remove one another by name and a pipeline dump reads like the design.
 *
 * <p>WebSocket: {@code idle, handshake-timeout, http-deadline-reads, http-codec, http-aggregator,
 * http-deadlines, [http-routes,] ws-upgrade-filter, ws-protocol, ws-frame-aggregator, ws-session-starter →
 * (after the upgrade, without the HTTP handlers) ws-wamp-frames, wamp-session, exceptions} (the HTTP
 * deadline names are {@code io.bondy.transport.http.HttpDeadlines}'s, shared with the admin listener).
 * A connection over the listener's cap gets only {@code refusal} ({@link ConnectionLimit}).
 *
 * <p>RawSocket: {@code idle, handshake-timeout, rawsocket-handshake → (after the handshake)
 * rawsocket-frames, wamp-session, exceptions}.
 */
public final class ChannelHandlerNames {

    /** Closes a connection that read nothing for the idle timeout. */
    public static final String IDLE = "idle";
    /** The {@code SslHandler} of a TLS listener, first in the pipeline. */
    public static final String TLS = "tls";
    /** Counts and closes failed TLS handshakes; removes itself after a successful one. */
    public static final String TLS_HANDSHAKE = "tls-handshake";
    /** Closes (or ABORTs) a connection that got no WELCOME within the handshake timeout of its accept. */
    public static final String HANDSHAKE_TIMEOUT = "handshake-timeout";
    /** Decodes each WAMP message with the negotiated serializer and drives the session. */
    public static final String WAMP_SESSION = "wamp-session";
    /** The last handler: logs what nobody handled and closes the connection. */
    public static final String EXCEPTIONS = "exceptions";

    public static final String HTTP_CODEC = "http-codec";
    public static final String HTTP_AGGREGATOR = "http-aggregator";
    /**
     * Optional: answers other HTTP routes of the WebSocket port (the OAuth2 endpoints), passes the rest on;
     * further ones are named {@code http-routes-2}, ... A route handler that answers a request may remove
     * {@link #HANDSHAKE_TIMEOUT} (the API gateway does: its connections carry no WAMP session).
     */
    public static final String HTTP_ROUTES = "http-routes";
    /** Refuses HTTP requests that are not a WAMP WebSocket upgrade, before Netty accepts them. */
    public static final String WS_UPGRADE_FILTER = "ws-upgrade-filter";
    public static final String WS_PROTOCOL = "ws-protocol";
    /** permessage-deflate negotiation (when {@code wamp.websocket.compression_enabled}); adds the codecs. */
    public static final String WS_COMPRESSION = "ws-compression";
    public static final String WS_FRAME_AGGREGATOR = "ws-frame-aggregator";
    /** Waits for the completed upgrade and installs the WAMP handlers for the chosen subprotocol. */
    public static final String WS_SESSION_STARTER = "ws-session-starter";
    /** Turns text/binary frames into message bytes, checking the frame kind. */
    public static final String WS_WAMP_FRAMES = "ws-wamp-frames";

    /** Reads the 4-octet RawSocket handshake and answers it. */
    public static final String RAWSOCKET_HANDSHAKE = "rawsocket-handshake";
    /** Splits the byte stream into RawSocket frames; answers PING. */
    public static final String RAWSOCKET_FRAMES = "rawsocket-frames";

    private ChannelHandlerNames() {
    }
}
