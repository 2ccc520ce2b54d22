package io.bondy.bridge.spec;

/** A spec that is refused whole: {@link #path()} locates the first error, e.g. {@code subscriptions.0.action.topic}. */
public final class SpecException extends RuntimeException {

    private final String path;
    private final String reason;

    public SpecException(String path, String reason) {
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
