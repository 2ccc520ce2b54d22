package io.bondy.core.spi;

/**
 * Decides whether a session may perform an action on a URI. Called for every REGISTER, UNREGISTER,
 * CALL, CANCEL, SUBSCRIBE, UNSUBSCRIBE and PUBLISH before anything is routed.
 *
 * <p>Threading: called on the session's transport thread; must not block.
 */
public interface Authorizer {

    /** Allows everything: the behaviour of a realm with security disabled. */
    Authorizer ALLOW_ALL = (session, action, uri) -> true;

    boolean isAllowed(SessionInfo session, Action action, String uri);

    /**
     * Whether actions in {@code realm} are checked at all. By default the realm's configured
     * {@code securityEnabled}; a security module may let operators switch it at run time.
     */
    default boolean isEnforced(io.bondy.core.config.RealmConfig realm) {
        return realm.securityEnabled();
    }

    /**
     * The realm's dynamic authorizer (a WAMP procedure the router calls, asynchronously, before it
     * routes a CALL, REGISTER, PUBLISH or SUBSCRIBE; see {@code docs/security.md}). By default the
     * configured one; a security module may let operators set it at run time.
     */
    default io.bondy.core.config.AuthorizerSettings dynamicAuthorizer(io.bondy.core.config.RealmConfig realm) {
        return realm.authorizer();
    }
}
