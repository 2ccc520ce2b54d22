package io.bondy.core.uri;

/**
 * The URI namespaces only the router may use for topics and procedures: {@code wamp} (reserved by the
 * spec for URIs it predefines: the meta API and its events) and {@code bondy} (the router's own admin
 * API and events, as in Erlang Bondy). A client may not publish there, nor register; only the router's
 * internal sessions may. Subscribing and calling are allowed (that is how the meta API is used).
 */
public final class ReservedUris {

    private ReservedUris() {
    }

    /** Whether the first component of {@code uri} is {@code wamp} or {@code bondy}. */
    public static boolean isRouterOnly(String uri) {
        return uri.startsWith("wamp.") || uri.startsWith("bondy.") || uri.equals("wamp") || uri.equals("bondy");
    }
}
