package io.bondy.core.router.rpc;

import io.bondy.core.router.session.WampSession;

/**
 * Told of registration changes (the registration meta events). Called on the thread that made the
 * change, after it is done; must not block.
 */
public interface RegistrationListener {

    RegistrationListener NONE = new RegistrationListener() { };

    /** A registration was created by {@code session} (followed by {@link #onRegister}). */
    default void onCreate(WampSession session, Registration registration) {
    }

    default void onRegister(WampSession session, Registration registration) {
    }

    default void onUnregister(WampSession session, Registration registration) {
    }

    /** The last callee left (preceded by {@link #onUnregister}). */
    default void onDelete(WampSession session, Registration registration) {
    }
}
