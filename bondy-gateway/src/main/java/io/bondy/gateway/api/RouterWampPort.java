package io.bondy.gateway.api;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Payload;
import io.bondy.core.router.Realm;
import io.bondy.core.router.Router;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.spi.TransportInfo;
import io.bondy.core.spi.AuthIdentity;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link WampPort} on the router: each request is a short-lived session of the API's realm acting for
 * the HTTP caller ({@link InternalSession#actingFor}, transport {@value #TRANSPORT}), which leaves when
 * the answer is in. The realm's authorizer checks its CALL or PUBLISH like a client's.
 */
public final class RouterWampPort implements WampPort {

    /** The transport type callees see in the caller details. */
    public static final String TRANSPORT = "http";

    private final Router router;

    public RouterWampPort(Router router) {
        this.router = router;
    }

    @Override
    public CompletableFuture<Result> call(String realm, AuthIdentity who, InetSocketAddress peer, String procedure,
                                          List<Object> args, Map<String, Object> kwargs,
                                          Map<String, Object> options) {
        return actingFor(realm, who, peer, s -> s.call(procedure, Payload.of(args, kwargs), options))
                .thenApply(payload -> payload instanceof Payload.Arguments a
                        ? new Result(a.argsOrEmpty(), a.kwargsOrEmpty(), Map.of())
                        : new Result(List.of(), Map.of(), Map.of()));
    }

    @Override
    public CompletableFuture<Long> publish(String realm, AuthIdentity who, InetSocketAddress peer, String topic,
                                           List<Object> args, Map<String, Object> kwargs,
                                           Map<String, Object> options) {
        return actingFor(realm, who, peer, s -> s.publishAcknowledged(topic, Payload.of(args, kwargs), options));
    }

    /**
     * Runs {@code action} in a short-lived session of {@code realm} acting for {@code who}, which leaves
     * once the action's answer is in; errors come out as {@link WampError}s.
     */
    private <T> CompletableFuture<T> actingFor(String realm, AuthIdentity who, InetSocketAddress peer,
                                               java.util.function.Function<InternalSession, CompletableFuture<T>> action) {
        Optional<Realm> r = router.realm(realm);
        if (r.isEmpty()) {
            return CompletableFuture.failedFuture(noRealm(realm));
        }
        InternalSession session = InternalSession.actingFor(router, r.get(), who,
                new TransportInfo(TRANSPORT, null, peer));
        CompletableFuture<T> answer;
        try {
            answer = action.apply(session);
        } catch (RuntimeException e) {
            session.leave();
            return CompletableFuture.failedFuture(e);
        }
        return answer.handle((value, error) -> {
            session.leave();
            if (error != null) {
                throw translate(error);
            }
            return value;
        });
    }

    private static WampError noRealm(String realm) {
        return new WampError(WampErrors.NO_SUCH_REALM, List.of("no realm '" + realm + "'"), Map.of());
    }

    private static RuntimeException translate(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ApplicationError e) {
            if (e.payload() instanceof Payload.Arguments a) {
                return new WampError(e.uri(), a.argsOrEmpty(), a.kwargsOrEmpty());
            }
            return new WampError(e.uri(), List.of(), Map.of());
        }
        if (cause instanceof WampError w) {
            return w;
        }
        return new WampError("bondy.error.internal_error", List.of(String.valueOf(cause.getMessage())), Map.of());
    }
}
