package io.bondy.gateway.api;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.router.session.Procedure;
import io.bondy.gateway.api.spec.ApiSpec;
import io.bondy.gateway.api.spec.ApiSpecException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The admin procedures of the API gateway, registered on the master realm's internal session (so only
 * its users, with a {@code wamp.call} grant, reach them):
 * <ul>
 *   <li>{@code bondy.http_gateway.api.load(spec)} (alias {@code bondy.api_gateway.load}): validates and
 *       stores a spec; every node serves it. A bad spec is {@value ApiSpecException#INVALID_SPEC} with
 *       kwargs {@code path} (the JSON path of the first error) and {@code message}.</li>
 *   <li>{@code bondy.http_gateway.api.list()} (alias {@code bondy.api_gateway.list}): every loaded spec.</li>
 *   <li>{@code bondy.http_gateway.api.get(id)} (alias {@code bondy.api_gateway.lookup}): one spec, or
 *       {@code bondy.error.not_found}.</li>
 *   <li>{@code bondy.http_gateway.api.delete(id)}: stops serving it on every node, or {@code bondy.error.not_found}.</li>
 * </ul>
 * Specs are returned as loaded (the source document).
 */
public final class ApiGatewayProcedures {

    public static final String LOAD = "bondy.http_gateway.api.load";
    public static final String LIST = "bondy.http_gateway.api.list";
    public static final String GET = "bondy.http_gateway.api.get";
    public static final String DELETE = "bondy.http_gateway.api.delete";
    public static final String LOAD_ALIAS = "bondy.api_gateway.load";
    public static final String LIST_ALIAS = "bondy.api_gateway.list";
    public static final String LOOKUP_ALIAS = "bondy.api_gateway.lookup";
    public static final String NOT_FOUND = "bondy.error.not_found";

    private ApiGatewayProcedures() {
    }

    public static void register(InternalSession master, ApiGateway gateway) {
        Procedure load = handler(inv -> {
            ApiSpec spec = gateway.load(argument(inv, "spec"));
            return Payload.of(List.of(), Map.of("id", spec.id()));
        });
        Procedure list = handler(inv -> {
            List<Object> specs = new ArrayList<>();
            gateway.registry().all().forEach(s -> specs.add(s.source()));
            return Payload.of(List.of(specs));
        });
        Procedure get = handler(inv -> Payload.of(List.of(gateway.registry().get(id(inv))
                .orElseThrow(() -> notFound(id(inv))).source())));
        Procedure delete = handler(inv -> {
            String id = id(inv);
            if (!gateway.delete(id)) {
                throw notFound(id);
            }
            return Payload.of(List.of());
        });
        master.register(LOAD, Map.of(), load);
        master.register(LOAD_ALIAS, Map.of(), load);
        master.register(LIST, Map.of(), list);
        master.register(LIST_ALIAS, Map.of(), list);
        master.register(GET, Map.of(), get);
        master.register(LOOKUP_ALIAS, Map.of(), get);
        master.register(DELETE, Map.of(), delete);
    }

    private static Procedure handler(Function<Invocation, Payload> body) {
        return inv -> {
            try {
                return body.apply(inv);
            } catch (ApiSpecException e) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("path", e.path());
                details.put("message", e.reason());
                throw new ApplicationError(ApiSpecException.INVALID_SPEC,
                        Payload.of(List.of(e.getMessage()), details));
            }
        };
    }

    private static ApplicationError notFound(String id) {
        return new ApplicationError(NOT_FOUND, "no API specification '" + id + "'");
    }

    private static Object argument(Invocation inv, String name) {
        if (inv.payload() instanceof Payload.Arguments a) {
            if (!a.argsOrEmpty().isEmpty()) {
                return a.argsOrEmpty().get(0);
            }
            if (a.kwargsOrEmpty().containsKey(name)) {
                return a.kwargsOrEmpty().get(name);
            }
            if (!a.kwargsOrEmpty().isEmpty()) {
                return a.kwargsOrEmpty(); // the spec itself as keyword arguments
            }
        }
        throw new ApplicationError(WampErrors.INVALID_ARGUMENT, "expected the " + name + " as the first argument");
    }

    private static String id(Invocation inv) {
        Object v = argument(inv, "id");
        if (v instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw new ApplicationError(WampErrors.INVALID_ARGUMENT, "expected the API id (a string) as the first argument");
    }
}
