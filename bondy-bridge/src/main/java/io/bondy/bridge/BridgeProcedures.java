package io.bondy.bridge;

import io.bondy.bridge.spec.BridgeSpec;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The bridge's admin procedures, registered on the master realm's internal session (so only its
 * sessions with a {@code wamp.call} grant reach them):
 * <ul>
 *   <li>{@code bondy.broker_bridge.spec.load(spec)} → {@code {id, version}}; a bad spec is
 *       {@code wamp.error.invalid_argument} with kwargs {@code path} and {@code message};</li>
 *   <li>{@code bondy.broker_bridge.spec.list()} → {@code [{id, version, meta, subscriptions, inbound, errors}]};</li>
 *   <li>{@code bondy.broker_bridge.spec.get(id)} → the spec; {@code bondy.error.not_found};</li>
 *   <li>{@code bondy.broker_bridge.spec.delete(id)}; {@code bondy.error.not_found};</li>
 *   <li>{@code bondy.broker_bridge.status()} → this node's clients: {@code [{bridge, kind, name, connected,
 *       queued, spilled_queued, delivered, failed, retried, spilled, overflow, consumed, inbound_failed,
 *       last_error}]}.</li>
 * </ul>
 * load and delete write the store off the caller's thread (the bridge's spec thread).
 */
public final class BridgeProcedures {

    private BridgeProcedures() {
    }

    public static void register(InternalSession master, BrokerBridge bridge) {
        master.registerDeferred("bondy.broker_bridge.spec.load", Map.of(), inv -> {
            Object spec = argument(inv, "spec", true);
            return answer(bridge.async(() -> {
                BridgeSpec loaded = bridge.load(spec);
                return Map.of("id", loaded.id(), "version", loaded.version());
            }));
        });
        master.registerDeferred("bondy.broker_bridge.spec.delete", Map.of(), inv -> {
            String id = id(inv);
            return answer(bridge.async(() -> {
                if (!bridge.delete(id)) {
                    throw notFound(id);
                }
                return null;
            }));
        });
        master.register("bondy.broker_bridge.spec.get", Map.of(), inv -> {
            String id = id(inv);
            Object spec = bridge.get(id).orElseThrow(() -> error(notFound(id)));
            return Payload.of(java.util.Collections.singletonList(spec));
        });
        master.register("bondy.broker_bridge.spec.list", Map.of(),
                inv -> Payload.of(java.util.Collections.singletonList(bridge.list())));
        master.register("bondy.broker_bridge.status", Map.of(),
                inv -> Payload.of(java.util.Collections.singletonList(bridge.status())));
    }

    private static BridgeException notFound(String id) {
        return new BridgeException(BridgeException.NOT_FOUND, "no broker bridge spec '" + id + "'", Map.of("id", id));
    }

    private static CompletableFuture<Payload> answer(CompletableFuture<?> work) {
        return work.handle((result, error) -> {
            if (error == null) {
                return result == null ? Payload.of(List.of()) : Payload.of(java.util.Collections.singletonList(result));
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof BridgeException b) {
                throw error(b);
            }
            throw new CompletionException(cause);
        });
    }

    private static ApplicationError error(BridgeException e) {
        return new ApplicationError(e.uri(), Payload.of(List.of(e.getMessage()), e.details()));
    }

    private static String id(Invocation inv) {
        Object id = argument(inv, "id", true);
        if (!(id instanceof String s) || s.isEmpty() || s.length() > 255) {
            throw new ApplicationError(BridgeException.INVALID_ARGUMENT, "the spec id must be a non-empty string");
        }
        return s;
    }

    private static Object argument(Invocation inv, String name, boolean required) {
        Object raw = null;
        if (inv.payload() instanceof Payload.Arguments a) {
            List<Object> args = a.argsOrEmpty();
            raw = !args.isEmpty() ? args.get(0) : a.kwargsOrEmpty().get(name);
        }
        if (raw == null && required) {
            throw new ApplicationError(BridgeException.INVALID_ARGUMENT, "the argument '" + name + "' is required");
        }
        return raw;
    }
}
