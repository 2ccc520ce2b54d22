package io.bondy.gateway.api;

/**
 * What the API gateway counts, per API, path (the path key of the spec) and status. bondy-server
 * implements it with Micrometer; the default counts nothing.
 *
 * <p>Threading: called from event loops; implementations must be thread-safe and quick.
 */
public interface GatewayMetrics {

    GatewayMetrics NOOP = new GatewayMetrics() {
    };

    /**
     * A request was answered.
     *
     * @param api     the API id, or {@code "none"} when no API matched
     * @param path    the spec's path key ({@code /things/:id}), or {@code "none"}
     * @param method  the HTTP method (upper case)
     * @param status  the HTTP status sent
     * @param nanos   from the complete request to the response handed to the connection
     */
    default void requestAnswered(String api, String path, String method, int status, long nanos) {
    }

    /** An action was retried ({@code wamp_call} or {@code forward}). */
    default void actionRetried(String api, String path, String action) {
    }

    /** The number of loaded APIs changed. */
    default void apisLoaded(int count) {
    }
}
