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
}
