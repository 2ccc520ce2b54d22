/**
 * The parts of a WAMP pipeline both transports share: timers, the session handler, the peer, the
 * handler names and the last-resort exception handler. Public only so the transport packages can use
 * them; not an API for other modules.
 */
package io.bondy.transport.pipeline;
