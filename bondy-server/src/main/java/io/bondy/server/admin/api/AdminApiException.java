package io.bondy.server.admin.api;

/** An admin HTTP request refused before or instead of a WAMP call, with its status and error URI. */
final class AdminApiException extends RuntimeException {

    private final int status;
    private final String uri;

    AdminApiException(int status, String uri, String message) {
        super(message, null, false, false);
        this.status = status;
        this.uri = uri;
    }

    int status() {
        return status;
    }

    String uri() {
        return uri;
    }
}
