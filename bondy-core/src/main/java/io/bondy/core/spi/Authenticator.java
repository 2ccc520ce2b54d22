package io.bondy.core.spi;

/**
 * Decides who a client is when it sends HELLO. The security module plugs in here; the router only
 * follows the outcome (WELCOME, CHALLENGE or ABORT).
 *
 * <p>Threading: called on the session's transport thread; must not block.
 */
public interface Authenticator {

    AuthOutcome authenticate(AuthRequest request);
}
