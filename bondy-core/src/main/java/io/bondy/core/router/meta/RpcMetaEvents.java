package io.bondy.core.router.meta;

import io.bondy.core.message.Payload;
import io.bondy.core.router.rpc.Registration;
import io.bondy.core.router.rpc.RegistrationListener;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.session.SessionListener;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.AuthIdentity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Publishes the session and registration meta events of one realm through its internal session:
 * {@code wamp.session.on_join} / {@code on_leave} and {@code wamp.registration.on_create} /
 * {@code on_register} / {@code on_unregister} / {@code on_delete}. The router's own sessions and
 * registrations raise none.
 */
final class RpcMetaEvents implements SessionListener, RegistrationListener {

    private final InternalSession meta;

    RpcMetaEvents(InternalSession meta) {
        this.meta = meta;
    }

    @Override
    public void onJoin(WampSession session) {
        publish("wamp.session.on_join", session.metaDetails());
    }

    @Override
    public void onLeave(WampSession session) {
        AuthIdentity who = session.identity();
        publish("wamp.session.on_leave", session.id(), who == null ? null : who.authid(),
                who == null ? null : who.authrole());
    }

    @Override
    public void onCreate(WampSession session, Registration registration) {
        if (session.isClient()) {
            publish("wamp.registration.on_create", session.id(), RegistrationMetaApi.details(registration));
        }
    }

    @Override
    public void onRegister(WampSession session, Registration registration) {
        if (session.isClient()) {
            publish("wamp.registration.on_register", session.id(), registration.id());
        }
    }

    @Override
    public void onUnregister(WampSession session, Registration registration) {
        if (session.isClient()) {
            publish("wamp.registration.on_unregister", session.id(), registration.id());
        }
    }

    @Override
    public void onDelete(WampSession session, Registration registration) {
        if (session.isClient()) {
            publish("wamp.registration.on_delete", session.id(), registration.id());
        }
    }

    private void publish(String topic, Object... args) {
        List<Object> list = new ArrayList<>(Arrays.asList(args));
        meta.publish(topic, Payload.of(list), Map.of());
    }
}
