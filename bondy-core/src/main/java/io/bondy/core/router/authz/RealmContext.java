package io.bondy.core.router.authz;

import io.bondy.core.WampErrors;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.config.RoutingLimits;
import io.bondy.core.message.Error;
import io.bondy.core.message.MessageType;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.Action;
import io.bondy.core.spi.Authorizer;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.core.uri.UriLimits;
import io.bondy.core.uri.UriValidator;
import java.util.List;
import java.util.Map;

/** What the broker and dealer of one realm share: URI rules, authorization, metrics, error replies. */
public final class RealmContext {

    private final RealmConfig realm;
    private final UriValidator uris;
    private final RoutingLimits limits;
    private final Authorizer authorizer;
    private final RouterMetrics metrics;

    public RealmContext(RealmConfig realm, UriValidator uris, RoutingLimits limits, Authorizer authorizer,
                        RouterMetrics metrics) {
        this.realm = realm;
        this.uris = uris;
        this.limits = limits;
        this.authorizer = authorizer;
        this.metrics = metrics;
    }

    public RealmConfig realm() {
        return realm;
    }

    public RouterMetrics metrics() {
        return metrics;
    }

    /** What one client may make the router hold (router-wide). */
    public RoutingLimits limits() {
        return limits;
    }

    /** The router's bounds of a URI. */
    public UriLimits uriLimits() {
        return limits.uris();
    }

    /** A URI within the router's limits ({@link UriLimits}) and by the realm's rule (loose or strict). */
    public boolean isValidUri(String uri) {
        return limits.uris().admits(uri) && uris.isValid(uri);
    }

    /** A wildcard pattern: a URI whose empty components are wildcards. */
    public boolean isValidPattern(String uri) {
        return limits.uris().admits(uri) && uris.isValidPattern(uri);
    }

    /** A procedure or topic pattern: wildcard patterns may have empty components, others may not. */
    public boolean isValidPattern(String uri, io.bondy.core.message.MatchPolicy match) {
        return match == io.bondy.core.message.MatchPolicy.WILDCARD ? isValidPattern(uri) : isValidUri(uri);
    }

    /**
     * Refuses a request whose {@code what} URI ("topic", "procedure", ...) is over the router's URI
     * limits with ERROR {@code wamp.error.invalid_uri} naming the limit; returns whether it did. The
     * first check of every request naming a URI, before any other work with it.
     */
    public boolean rejectOverLimits(WampSession session, MessageType requestType, long requestId, String what,
                                    String uri) {
        String violation = limits.uris().violation(uri);
        if (violation == null) {
            return false;
        }
        reject(session, requestType, requestId, WampErrors.INVALID_URI,
                what + " URI '" + UriLimits.abbreviate(uri) + "' " + violation);
        return true;
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
