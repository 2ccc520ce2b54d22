package io.bondy.transport.pipeline;

/**
 * A user event a transport handler fires when the peer broke a framing rule (bad RawSocket header,
 * wrong WebSocket frame kind). The {@link WampSessionHandler} turns it into
 * {@code ABORT wamp.error.protocol_violation} and a close.
 *
 * @param reason what was wrong, sent to the client in the ABORT details
 */
public record ProtocolViolationEvent(String reason) {
}
