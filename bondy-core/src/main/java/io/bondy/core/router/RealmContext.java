package io.bondy.core.router;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Error;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.spi.Action;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.uri.UriValidator;
import java.util.List;
import java.util.Map;

/** What the broker and dealer of one realm share: URI rules, authorization, metrics, error replies. */
final class RealmContext {

    private final RealmConfig realm;
    private final UriValidator uris;
    private final Authorizer authorizer;
    private final RouterMetrics metrics;

    RealmContext(RealmConfig realm, UriValidator uris, Authorizer authorizer, RouterMetrics metrics) {
        this.realm = realm;
        this.uris = uris;
        this.authorizer = authorizer;
        this.metrics = metrics;
    }

    RealmConfig realm() {
        return realm;
    }

    RouterMetrics metrics() {
        return metrics;
    }

    boolean isValidUri(String uri) {
        return uris.isValid(uri);
    }

    /** A procedure or topic pattern: wildcard patterns may have empty components, others may not. */
    boolean isValidPattern(String uri, io.bondy.core.message.MatchPolicy match) {
        return match == io.bondy.core.message.MatchPolicy.WILDCARD ? uris.isValidPattern(uri) : uris.isValid(uri);
    }

    boolean isAllowed(WampSession session, Action action, String uri) {
        return !realm.securityEnabled() || authorizer.isAllowed(session, action, uri);
    }

    /** Sends ERROR for a request, with a human-readable message as the first argument. */
    void reject(WampSession session, MessageType requestType, long requestId, String errorUri, String message) {
        metrics.errorSent(errorUri);
        session.send(new Error(requestType.code(), requestId, Map.of(), errorUri,
                Payload.of(List.of(message))));
    }

    void rejectUnauthorized(WampSession session, MessageType requestType, long requestId, Action action, String uri) {
        reject(session, requestType, requestId, WampErrors.NOT_AUTHORIZED,
                "session " + session.id() + " is not authorized to " + action.permission().substring(5) + " '" + uri + "'");
    }
}
