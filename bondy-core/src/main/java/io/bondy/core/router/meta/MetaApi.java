package io.bondy.core.router.meta;

import io.bondy.core.router.relay.ClusterRouting;
import io.bondy.core.router.relay.LocalRealm;
import io.bondy.core.router.session.InternalSession;

/**
 * Installs a realm's meta APIs and meta events on its internal session: the Subscription Meta API and
 * events, the Session Meta API and events, testaments, the Registration Meta API and events. In a
 * cluster the list and count procedures also ask the other nodes (through {@code cluster}).
 */
public final class MetaApi {

    private MetaApi() {
    }

    /** Registers the meta procedures of {@code realm} on {@code meta} and starts its meta events. */
    public static void install(LocalRealm realm, InternalSession meta, ClusterRouting cluster) {
        new SubscriptionMetaApi(realm.broker().table(), cluster, realm.uri()).registerOn(meta);
        SubscriptionMetaEvents subscriptionEvents = new SubscriptionMetaEvents();
        subscriptionEvents.start(meta);
        realm.broker().listen(subscriptionEvents);
        RpcMetaEvents events = new RpcMetaEvents(meta);
        realm.registrar().listen(events);
        realm.addSessionListener(Testaments.install(realm, meta));
        realm.addSessionListener(events);
        SessionMetaApi.install(realm, meta, cluster);
        RegistrationMetaApi.install(realm.registrar().table(), meta, cluster, realm.uri());
    }
}
