/**
 * WAMP over WebSocket (subprotocols {@code wamp.2.json}, {@code wamp.2.msgpack}, {@code wamp.2.cbor}):
 * an HTTP upgrade filtered before Netty's handshake, then JSON in text frames and the binary formats
 * in binary frames.
 */
package io.bondy.transport.websocket;
