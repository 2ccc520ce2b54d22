package io.bondy.core.router;

/**
 * Installs a realm's dealer-side meta API on its internal session: the session and registration
 * meta procedures and events, and testaments.
 */
final class RpcMetaApi {

    private RpcMetaApi() {
    }

    static void install(Realm realm, InternalSession meta) {
        RpcMetaEvents events = new RpcMetaEvents(meta);
        realm.dealer().listen(events);
        realm.addSessionListener(Testaments.install(realm, meta));
        realm.addSessionListener(events);
        SessionMetaApi.install(realm, meta);
        RegistrationMetaApi.install(realm.dealer().registrations(), meta, realm.cluster(), realm.uri());
    }
}
