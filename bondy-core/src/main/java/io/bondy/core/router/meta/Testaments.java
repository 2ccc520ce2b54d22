package io.bondy.core.router.meta;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Payload;
import io.bondy.core.router.relay.LocalRealm;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.session.SessionListener;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.uri.ReservedUris;
import io.bondy.core.uri.UriLimits;
import io.bondy.core.uri.UriValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session testaments: {@code wamp.session.add_testament} and {@code wamp.session.flush_testaments},
 * and their publication when the session ends, for any reason (GOODBYE, ABORT, kill, lost
 * transport). There is no session resumption, so every end both detaches and destroys a session:
 * the {@code detached} testaments are published first, then the {@code destroyed} ones, each in the
 * order they were added. At most {@link io.bondy.core.config.RpcSettings#maxTestamentsPerSession()} per scope.
 *
 * <p>Threading: thread-safe; a session's lists are guarded by its entry.
 */
final class Testaments implements SessionListener {

    /** The error when a scope's list is full. */
    static final String TOO_MANY_TESTAMENTS = "bondy.error.too_many_testaments";
    static final String DETACHED = "detached";
    static final String DESTROYED = "destroyed";

    private final LocalRealm realm;
    private final InternalSession meta;
    private final int maxPerScope;
    private final Map<Long, Map<String, List<Testament>>> bySession = new ConcurrentHashMap<>();

    private Testaments(LocalRealm realm, InternalSession meta) {
        this.realm = realm;
        this.meta = meta;
        this.maxPerScope = realm.config().rpc().maxTestamentsPerSession();
    }

    static Testaments install(LocalRealm realm, InternalSession meta) {
        Testaments t = new Testaments(realm, meta);
        meta.register("wamp.session.add_testament", Map.of(), inv -> {
            t.add(new MetaArgs("wamp.session.add_testament", inv));
            return Payload.NONE;
        });
        meta.register("wamp.session.flush_testaments", Map.of(), inv -> {
            t.flush(new MetaArgs("wamp.session.flush_testaments", inv));
            return Payload.NONE;
        });
        return t;
    }

    private void add(MetaArgs a) {
        String topic = a.string(0, "topic");
        String overLimits = realm.broker().uriLimits().violation(topic);
        if (overLimits != null) {
            throw new ApplicationError(WampErrors.INVALID_URI, "testament topic '" + UriLimits.abbreviate(topic)
                    + "' " + overLimits);
        }
        if (!UriValidator.LOOSE.isValid(topic)) {
            throw new ApplicationError(WampErrors.INVALID_URI, "invalid testament topic '" + topic + "'");
        }
        if (ReservedUris.isRouterOnly(topic)) { // the router would publish it as its own meta event
            throw new ApplicationError(WampErrors.INVALID_URI, "testament topic '" + topic
                    + "' is reserved for the router: clients may not publish to wamp.* or bondy.*");
        }
        List<Object> args = a.optionalList(1, "args");
        Map<String, Object> kwargs = a.optionalDict(2, "kwargs");
        @SuppressWarnings("unchecked")
        Map<String, Object> options = a.kwarg("publish_options", Map.class);
        String scope = scope(a);
        long session = a.caller();
        Map<String, List<Testament>> scopes = bySession.computeIfAbsent(session, id -> new LinkedHashMap<>());
        synchronized (scopes) {
            List<Testament> list = scopes.computeIfAbsent(scope, s -> new ArrayList<>());
            if (list.size() >= maxPerScope) {
                throw new ApplicationError(TOO_MANY_TESTAMENTS, "a session may hold " + maxPerScope
                        + " testaments per scope");
            }
            list.add(new Testament(topic, Payload.of(args, kwargs), publishOptions(options)));
        }
        if (realm.session(session) == null) {
            bySession.remove(session); // it left while we added: nothing will publish these
        }
    }

    private void flush(MetaArgs a) {
        String scope = scope(a);
        Map<String, List<Testament>> scopes = bySession.get(a.caller());
        if (scopes != null) {
            synchronized (scopes) {
                scopes.remove(scope);
            }
        }
    }

    @Override
    public void onLeave(WampSession session) {
        Map<String, List<Testament>> scopes = bySession.remove(session.id());
        if (scopes == null) {
            return;
        }
        List<Testament> due = new ArrayList<>();
        synchronized (scopes) {
            due.addAll(scopes.getOrDefault(DETACHED, List.of()));
            due.addAll(scopes.getOrDefault(DESTROYED, List.of()));
        }
        for (Testament t : due) {
            meta.publish(t.topic(), t.payload(), t.options());
        }
    }

    private static String scope(MetaArgs a) {
        String scope = a.kwarg("scope", String.class);
        if (scope == null) {
            return DESTROYED;
        }
        if (!scope.equals(DETACHED) && !scope.equals(DESTROYED)) {
            throw a.invalid("scope must be 'detached' or 'destroyed', got '" + scope + "'");
        }
        return scope;
    }

    /** The publish options a testament keeps: all but {@code acknowledge} (nobody waits for it). */
    private static Map<String, Object> publishOptions(Map<String, Object> given) {
        if (given == null || given.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>(given);
        copy.remove("acknowledge");
        return copy;
    }

    private record Testament(String topic, Payload payload, Map<String, Object> options) {
    }
}
