/**
 * The WAMP HTTP long-poll transport (the spec's {@code /open}, {@code /receive}, {@code /send}, {@code /close})
 * on the WebSocket/API gateway port, for clients that cannot open a WebSocket: the registry of open
 * transports ({@link io.bondy.transport.longpoll.LongPollTransports}), the {@code Peer} of one transport with
 * its bounded queue and timers ({@link io.bondy.transport.longpoll.LongPollSession}), and the HTTP handler
 * ({@link io.bondy.transport.longpoll.LongPollHandler}).
 */
package io.bondy.transport.longpoll;
