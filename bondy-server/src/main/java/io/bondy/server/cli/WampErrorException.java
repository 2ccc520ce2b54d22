package io.bondy.server.cli;

/** A WAMP ERROR answer to a CLI call: its URI and message (exit code 1). */
public final class WampErrorException extends RuntimeException {

    private final String uri;

    public WampErrorException(String uri, String message) {
        super(message, null, false, false);
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }
}
