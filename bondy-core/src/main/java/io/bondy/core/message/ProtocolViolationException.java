package io.bondy.core.message;

/**
 * A message that breaks the WAMP protocol: malformed, wrong arity, wrong element type, bad option.
 * The router answers it with ABORT {@code wamp.error.protocol_violation} (the spec's rule), so the
 * message text must name what was wrong (the vectors check that it contains the offending key).
 */
public final class ProtocolViolationException extends RuntimeException {

    public ProtocolViolationException(String message) {
        super(message, null, false, false);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
