/**
 * WAMP over RawSocket: a 4-octet handshake choosing the serializer and the maximum message lengths,
 * then frames with a 4-octet prefix (type: WAMP message, PING or PONG; 24-bit length).
 */
package io.bondy.transport.rawsocket;
