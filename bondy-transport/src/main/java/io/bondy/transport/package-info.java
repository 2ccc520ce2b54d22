/**
 * The Netty transports of the router: {@link io.bondy.transport.TransportServer} binds a WebSocket
 * and a RawSocket listener, configured by {@link io.bondy.transport.TransportConfig}.
 *
 * <p>Every connection gets a named pipeline ({@link io.bondy.transport.pipeline.ChannelHandlerNames}):
 * the transport's handshake picks a serializer, then each frame's bytes are decoded into a
 * {@code WampMessage} and handed to the connection's {@code WampSession}; the session answers
 * through a {@link io.bondy.transport.pipeline.NettyPeer}.
 *
 * <p>Threading: all inbound work of a connection runs on its event loop, one message at a time.
 * Outbound messages may come from any thread (routing runs on the sender's event loop); the peer
 * encodes them on the calling thread and hands the frame to the channel, which keeps the order of
 * each thread's writes.
 */
package io.bondy.transport;
