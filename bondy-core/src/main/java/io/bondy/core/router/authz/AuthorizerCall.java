package io.bondy.core.router.authz;

import io.bondy.core.config.AuthorizerSettings;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.session.RealmHandle;
import io.bondy.core.router.session.WampSession;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.Scheduler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One call of a realm's dynamic authorizer, Crossbar.io's way: the realm's internal session calls
 * {@code procedure(session_details, uri, action)}, where {@code action} is {@code call},
 * {@code register}, {@code publish} or {@code subscribe}; the answer is a boolean or a dict
 * {@code {allow: bool, cache: bool, disclose: bool}}. Anything else, an ERROR, or no answer within
 * the timeout is a denial that says why.
 *
 * <p>Threading: {@link #start} on any thread; the decision is handed over exactly once, on the
 * thread that produced it (the authorizer's callee, the scheduler's, or the caller's at once).
 */
final class AuthorizerCall {

    /**
     * The authorizer's answer.
     *
     * @param allow     whether the action may go on
     * @param cacheable whether the answer may be reused for the realm's {@code authorizer_cache_ttl}
     * @param disclose  whether the caller or publisher is to be identified to the callee or subscribers
     *                  (Crossbar's {@code disclose}), whatever the message asked
     * @param failure   why the authorizer gave no usable answer (a denial then), or null
     */
    record Decision(boolean allow, boolean cacheable, boolean disclose, String failure) {

        static Decision failed(String why) {
            return new Decision(false, false, false, why);
        }
    }

    private AuthorizerCall() {
    }

    static void start(Scheduler scheduler, WampSession session, AuthorizationGate.Target target,
                      AuthorizerSettings settings, Consumer<Decision> then) {
        AtomicBoolean done = new AtomicBoolean();
        Consumer<Decision> once = d -> {
            if (done.compareAndSet(false, true)) {
                then.accept(d);
            }
        };
        RealmHandle realm = session.realm();
        InternalSession caller = realm == null ? null : realm.meta();
        if (caller == null) {
            once.accept(Decision.failed("the realm has no internal session"));
            return;
        }
        Scheduler.Cancellable timer = scheduler.schedule(settings.timeout(),
                () -> once.accept(Decision.failed("no answer within " + settings.timeout().toMillis() + " ms")));
        CompletableFuture<Payload> result;
        try {
            result = caller.call(settings.procedure(),
                    Payload.of(List.of(details(session), target.uri(), target.actionName())),
                    Map.of("timeout", settings.timeout().toMillis()));
        } catch (RuntimeException e) {
            timer.cancel();
            once.accept(Decision.failed(e.toString()));
            return;
        }
        result.whenComplete((payload, error) -> {
            timer.cancel();
            once.accept(error == null ? parse(payload) : Decision.failed(describe(error)));
        });
    }

    /** Crossbar's session details: what the authorizer learns of the session asking. */
    static Map<String, Object> details(WampSession session) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("session", session.id());
        d.put("realm", session.realmUri());
        AuthIdentity who = session.identity();
        if (who != null) {
            d.put("authid", who.authid());
            d.put("authrole", who.authrole());
            d.put("authmethod", who.authmethod());
            d.put("authprovider", who.authprovider());
            d.put("authextra", who.authextra());
        }
        d.put("transport", session.transport().toDetails());
        return d;
    }

    static Decision parse(Payload payload) {
        Object answer = payload instanceof Payload.Arguments a && !a.argsOrEmpty().isEmpty()
                ? a.argsOrEmpty().get(0) : null;
        if (answer instanceof Boolean allow) {
            return new Decision(allow, true, false, null);
        }
        if (answer instanceof Map<?, ?> m && m.get("allow") instanceof Boolean allow
                && isOptionalBoolean(m.get("cache")) && isOptionalBoolean(m.get("disclose"))) {
            return new Decision(allow, !Boolean.FALSE.equals(m.get("cache")), Boolean.TRUE.equals(m.get("disclose")),
                    null);
        }
        return Decision.failed("it answered " + abbreviate(String.valueOf(payload))
                + ", not a boolean or {allow: boolean, cache?: boolean, disclose?: boolean}");
    }

    private static boolean isOptionalBoolean(Object value) {
        return value == null || value instanceof Boolean;
    }

    private static String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof ApplicationError a) {
            Object args = a.payload() instanceof Payload.Arguments p ? p.argsOrEmpty() : a.payload();
            return "ERROR " + a.uri() + " " + abbreviate(String.valueOf(args));
        }
        return e.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
