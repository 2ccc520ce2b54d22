package io.bondy.security.admin;

import io.bondy.core.message.Payload;

/** The body of one admin procedure. */
@FunctionalInterface
public interface AdminHandler {

    /**
     * @return the result payload
     * @throws io.bondy.security.model.SecurityError to answer with Bondy's error URI
     */
    Payload handle(AdminCall call);

    /** An empty result (autobahn-python rejects RESULT with null kwargs, so none are sent). */
    Payload NOTHING = Payload.NONE;

    static Payload one(Object value) {
        return Payload.of(java.util.Collections.singletonList(value));
    }
}
