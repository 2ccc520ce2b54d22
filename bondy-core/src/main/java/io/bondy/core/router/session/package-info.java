/**
 * Sessions: the WAMP session state machine and its four kinds ({@code ClientSession} with the
 * HELLO/CHALLENGE/AUTHENTICATE handshake, {@code LocalSession} behind the router's own
 * {@code InternalSession}, {@code NodeStub} and {@code RemoteCaller} standing for another node and
 * its callers), the per-session slots other packages keep their state in, and the router's own
 * procedures' API ({@code InternalSession}, {@code Procedure}, {@code ApplicationError}).
 *
 * <p>Owns: a session's id, realm, identity, state and outbound path. Uses: {@code message},
 * {@code spi}, {@code config}, {@code uri}, {@code id}. Sees nothing of routing: a session reaches
 * its realm through {@code RealmHandle}, its router through {@code SessionHost}, the authorization
 * step through {@code MessageGate}.
 */
package io.bondy.core.router.session;
