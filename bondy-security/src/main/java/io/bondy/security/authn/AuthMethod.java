package io.bondy.security.authn;

import io.bondy.core.spi.AuthOutcome;

/**
 * One WAMP authentication method: given a HELLO (and the user it names, already vetted), either
 * admit, challenge or refuse.
 *
 * <p>Threading: transport thread; must not block.
 */
public interface AuthMethod {

    /** The method's WAMP name ({@code wampcra}, {@code ticket}, ...). */
    String name();

    /** Whether the method proves who the user is with a CHALLENGE (so a decoy can stand in for it). */
    default boolean challenges() {
        return true;
    }

    AuthOutcome start(AuthContext context);
}
