package io.bondy.core.router.authz;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.message.Error;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.Action;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.uri.UriValidator;
import java.util.List;
import java.util.Map;

/** What the broker and dealer of one realm share: URI rules, authorization, metrics, error replies. */
public final class RealmContext {

    private final RealmConfig realm;
    private final UriValidator uris;
    private final Authorizer authorizer;
    private final RouterMetrics metrics;

    public RealmContext(RealmConfig realm, UriValidator uris, Authorizer authorizer, RouterMetrics metrics) {
        this.realm = realm;
        this.uris = uris;
        this.authorizer = authorizer;
        this.metrics = metrics;
    }

    public RealmConfig realm() {
        return realm;
    }

    public RouterMetrics metrics() {
        return metrics;
    }

    public boolean isValidUri(String uri) {
        return uris.isValid(uri);
    }

    /** A wildcard pattern: a URI whose empty components are wildcards. */
    public boolean isValidPattern(String uri) {
        return uris.isValidPattern(uri);
    }

    /** A procedure or topic pattern: wildcard patterns may have empty components, others may not. */
    public boolean isValidPattern(String uri, io.bondy.core.message.MatchPolicy match) {
        return match == io.bondy.core.message.MatchPolicy.WILDCARD ? uris.isValidPattern(uri) : uris.isValid(uri);
    }

    public boolean isAllowed(WampSession session, Action action, String uri) {
        return !authorizer.isEnforced(realm) || authorizer.isAllowed(session, action, uri);
    }

    /**
     * Whether a {@code disclose_me} request (if any) is allowed; security off allows it, and so does
     * the dynamic authorizer's {@code disclose: true}.
     */
    public boolean isDisclosureAllowed(WampSession session, boolean discloseMe, Action action, String uri) {
        return !discloseMe || session.disclosedByAuthorizer()
                || isAllowed(session, action, uri);
    }

    /**
     * What an internal callee (the router's own procedures) learns of the caller: its session,
     * authid, authrole and authmethod, so admin procedures can check who is asking.
     */
    public static Map<String, Object> callerDetailsForInternalCallee(WampSession caller, WampSession callee) {
        if (!callee.isInternal() || caller.identity() == null) {
            return Map.of();
        }
        return Map.of("caller", caller.id(), "caller_authid", caller.identity().authid(),
                "caller_authrole", caller.identity().authrole(),
                "caller_authmethod", caller.identity().authmethod(),
                "caller_realm", caller.realmUri() == null ? "" : caller.realmUri());
    }

    /** Sends ERROR for a request, with a human-readable message as the first argument. */
    public void reject(WampSession session, MessageType requestType, long requestId, String errorUri, String message) {
        metrics.errorSent(errorUri);
        session.send(new Error(requestType.code(), requestId, Map.of(), errorUri,
                Payload.of(List.of(message))));
    }

    public void rejectUnauthorized(WampSession session, MessageType requestType, long requestId, Action action, String uri) {
        reject(session, requestType, requestId, WampErrors.NOT_AUTHORIZED,
                "session " + session.id() + " is not authorized to " + action.permission().substring(5) + " '" + uri + "'");
    }
}
