package io.bondy.bridge;

import java.util.Map;

/** A refused admin request: its WAMP error URI, message and details (e.g. the path of a bad spec). */
public final class BridgeException extends RuntimeException {

    public static final String INVALID_ARGUMENT = "wamp.error.invalid_argument";
    public static final String NOT_FOUND = "bondy.error.not_found";

    private final String uri;
    private final Map<String, Object> details;

    public BridgeException(String uri, String message, Map<String, Object> details) {
        super(message);
        this.uri = uri;
        this.details = details;
    }

    public String uri() {
        return uri;
    }

    public Map<String, Object> details() {
        return details;
    }
}
