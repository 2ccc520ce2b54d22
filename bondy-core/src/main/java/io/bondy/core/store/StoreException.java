package io.bondy.core.store;

/**
 * A store operation failed for a reason the caller cannot fix by retrying with other arguments: the
 * storage cannot be opened, read or written (I/O error, corruption, a data directory in use). The
 * message says which store and why.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
