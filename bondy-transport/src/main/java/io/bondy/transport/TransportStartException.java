package io.bondy.transport;

/** A listener could not start, e.g. because its address is in use; the message names host:port. */
public final class TransportStartException extends RuntimeException {

    public TransportStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
