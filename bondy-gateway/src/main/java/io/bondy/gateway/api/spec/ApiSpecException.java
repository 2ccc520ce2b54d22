package io.bondy.gateway.api.spec;

/**
 * A refused API specification: {@link #path()} is the JSON path of the first error
 * ({@code versions.1.0.paths./x.post.action.procedure}, keys joined with dots), {@link #reason()} why.
 * The message is both: {@code "<path>: <reason>"}.
 */
public final class ApiSpecException extends RuntimeException {

    /** The WAMP error URI of a refused specification (Bondy's). */
    public static final String INVALID_SPEC = "bondy.error.invalid_data";

    private final String path;
    private final String reason;

    public ApiSpecException(String path, String reason) {
        super(path.isEmpty() ? reason : path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
