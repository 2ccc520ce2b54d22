package io.bondy.core.router.session;

import io.bondy.core.message.WampMessage;

/**
 * The first step of a client session's inbound path: it passes each message on to
 * {@link ClientSession#process}, possibly later (the realm's dynamic authorizer, package
 * {@code authz}, holds messages back while it decides). Defined here so that the session does not
 * depend on the authorization package.
 */
public interface MessageGate {

    /** A gate that passes every message on at once. */
    static MessageGate direct(ClientSession session) {
        return new MessageGate() {
            @Override
            public void receive(WampMessage message) {
                session.process(message);
            }

            @Override
            public void clear() {
            }

            @Override
            public void forgetAnswers() {
            }
        };
    }

    /** A message from the client. The session's transport thread. */
    void receive(WampMessage message);

    /** The session has ended: forget what waits. The session's transport thread. */
    void clear();

    /** The session left its realm: answers cached for it no longer apply. Any thread; takes no lock. */
    void forgetAnswers();
}
