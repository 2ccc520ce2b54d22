package io.bondy.gateway.api;

import io.bondy.core.spi.AuthIdentity;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How the gateway reaches the router: a call or publication made as the HTTP caller ({@code who}),
 * so the realm's RBAC decides it exactly as for the same user's WAMP session.
 *
 * <p>Threading: any thread; the futures complete on whichever thread answers (the callee's).
 */
public interface WampPort {

    /** A RESULT: its arguments and details. */
    record Result(List<Object> args, Map<String, Object> kwargs, Map<String, Object> details) {
    }

    /** An ERROR (the futures fail with it). */
    final class WampError extends RuntimeException {
        private final String uri;
        private final List<Object> args;
        private final Map<String, Object> kwargs;

        public WampError(String uri, List<Object> args, Map<String, Object> kwargs) {
            super(uri, null, false, false);
            this.uri = uri;
            this.args = args == null ? List.of() : args;
            this.kwargs = kwargs == null ? Map.of() : kwargs;
        }

        public String uri() {
            return uri;
        }

        public List<Object> args() {
            return args;
        }

        public Map<String, Object> kwargs() {
            return kwargs;
        }
    }

    CompletableFuture<Result> call(String realm, AuthIdentity who, InetSocketAddress peer, String procedure,
                                   List<Object> args, Map<String, Object> kwargs, Map<String, Object> options);

    /** Completes with the publication id once the broker accepted it. */
    CompletableFuture<Long> publish(String realm, AuthIdentity who, InetSocketAddress peer, String topic,
                                    List<Object> args, Map<String, Object> kwargs, Map<String, Object> options);
}
