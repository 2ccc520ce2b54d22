package io.bondy.server.admin.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.WampErrors;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.core.router.Router;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.security.SecurityModule;
import io.bondy.server.admin.AdminRequest;
import io.bondy.server.admin.HttpReply;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin REST API: authenticate, match a route, parse the JSON body, call the admin procedure
 * (see {@link AdminCaller}), and answer with its result as JSON, or with
 * {@code {"error": uri, "message": text}} and the status {@link ErrorStatus} maps the URI to.
 *
 * <p>Threading: runs on the admin listener's worker threads, never on an event loop.
 */
public final class AdminRestApi implements Function<AdminRequest, HttpReply> {

    private static final Logger LOG = LoggerFactory.getLogger(AdminRestApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final AdminRoutes routes = new AdminRoutes();
    private final HttpAuthenticator authenticator;
    private final AdminCaller caller;

    public AdminRestApi(Router router, SecurityModule security, String masterRealm) {
        this.authenticator = new HttpAuthenticator(security.credentials(), masterRealm);
        this.caller = new AdminCaller(router, security.authorizer(), masterRealm, CALL_TIMEOUT);
    }

    @Override
    public HttpReply apply(AdminRequest request) {
        try {
            if (!routes.pathKnown(request.path())) {
                // The route table is public (docs/administration.md): an unknown path is 404 for anyone.
                return HttpReply.error(404, "bondy.error.not_found", "no resource at " + request.path());
            }
            InetAddress address = request.remote() == null ? null : request.remote().getAddress();
            AuthIdentity who = authenticator.authenticate(request.authorization(), address);
            AdminRoutes.Match match = routes.find(request.method(), request.path()).orElseThrow(() ->
                    new AdminApiException(405, "bondy.error.method_not_allowed",
                            request.method() + " is not allowed on " + request.path()));
            WampCall call = match.route().call().apply(new RouteInput(match.vars(), body(request)));
            LOG.debug("Admin HTTP {} {} by {}: {}", request.method(), request.path(), who.authid(), call.procedure());
            Payload result = caller.call(who, request.remote(), call);
            return success(match.route(), result);
        } catch (AdminApiException e) {
            return HttpReply.error(e.status(), e.uri(), e.getMessage());
        } catch (ApplicationError e) {
            return HttpReply.error(ErrorStatus.of(e.uri()), e.uri(), message(e.payload()));
        }
    }

    private static Object body(AdminRequest request) {
        if (!request.hasBody()) {
            return null;
        }
        try {
            return JSON.readValue(request.body(), Object.class);
        } catch (JsonProcessingException e) {
            throw new AdminApiException(400, WampErrors.INVALID_ARGUMENT,
                    "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new AdminApiException(400, WampErrors.INVALID_ARGUMENT, "the request body cannot be read");
        }
    }

    /** The result's single argument (or its arguments when several) as the body; none is 204. */
    private static HttpReply success(Route route, Payload result) {
        List<Object> args = result instanceof Payload.Arguments a ? a.argsOrEmpty() : List.of();
        if (args.isEmpty()) {
            return HttpReply.empty(204);
        }
        return HttpReply.jsonOf(route.created() ? 201 : 200, args.size() == 1 ? args.get(0) : args);
    }

    private static String message(Payload payload) {
        if (payload instanceof Payload.Arguments a) {
            if (!a.argsOrEmpty().isEmpty()) {
                return String.valueOf(a.argsOrEmpty().get(0));
            }
            if (a.kwargsOrEmpty().get("message") instanceof String s) {
                return s;
            }
        }
        return "";
    }
}
