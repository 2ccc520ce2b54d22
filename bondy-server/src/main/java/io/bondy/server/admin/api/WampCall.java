package io.bondy.server.admin.api;

import java.util.List;

/**
 * The admin procedure an HTTP request stands for.
 *
 * @param procedure   the procedure URI
 * @param args        its positional arguments
 * @param targetRealm for realm-scoped procedures (the WAMP meta API, which acts on the caller's
 *                    realm), the realm to call it in; null to call it in the master realm
 */
record WampCall(String procedure, List<Object> args, String targetRealm) {

    WampCall {
        args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }

    static WampCall of(String procedure, Object... args) {
        return new WampCall(procedure, java.util.Arrays.asList(args), null);
    }

    static WampCall inRealm(String realm, String procedure) {
        return new WampCall(procedure, List.of(), realm);
    }
}
