package io.bondy.server.backup;

/** A backup operation refused or failed, with the error URI the caller receives. */
public final class BackupException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    static final String INVALID_ARGUMENT = "wamp.error.invalid_argument";
    static final String NOT_FOUND = "bondy.error.not_found";
    static final String INVALID_DATA = "bondy.error.invalid_data";
    static final String INTERNAL = "bondy.error.internal_error";

    private final String uri;

    public BackupException(String uri, String message) {
        super(message);
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }
}
