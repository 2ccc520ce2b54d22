package io.bondy.gateway.api.http;

import io.bondy.core.WampErrors;
import io.bondy.core.expression.ExpressionException;
import io.bondy.core.expression.Mops;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.gateway.api.ForwardClient;
import io.bondy.gateway.api.RouteTable;
import io.bondy.gateway.api.WampPort;
import io.bondy.gateway.api.spec.Action;
import io.bondy.gateway.api.spec.ApiPath;
import io.bondy.gateway.api.spec.ApiSpecParser;
import io.bondy.gateway.api.spec.MethodSpec;
import io.bondy.gateway.api.spec.ResponseSpec;
import io.bondy.gateway.api.spec.Security;
import io.bondy.gateway.api.spec.StatusCodes;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One API request from its arrival to its answer: method and content negotiation, the path's
 * security, the body, the request context, the action (with retries) and the mapping of its result
 * or error through {@code on_result} / {@code on_error}.
 *
 * <p>Threading: every step runs on the connection's event loop ({@code loop}); credential checks run
 * on the gateway's auth executor and the action's answer arrives on the callee's or HTTP client's
 * thread, and each hands back to the loop before going on. {@code done} is called once, on the loop.
 */
final class ApiExchange {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExchange.class);
    /** Error URIs after which a {@code wamp_call} is tried again (when its spec allows retries). */
    static final Set<String> RETRYABLE = Set.of(WampErrors.TIMEOUT, GatewayErrors.TIMEOUT,
            WampErrors.NO_SUCH_PROCEDURE, "wamp.error.no_eligible_callee", "wamp.error.unavailable",
            "wamp.error.network_failure", WampErrors.CANCELED, GatewayErrors.BAD_GATEWAY);
    private static final long GRACE_MILLIS = 2_000;

    private final GatewayServices services;
    private final EventExecutor loop;
    private final HttpInput in;
    private final RouteTable.Match match;
    private final Consumer<GatewayReply> done;
    private final ApiPath path;
    private final String realm;
    private MethodSpec spec;
    private String method;
    private boolean headOnly;
    private String provides;
    private AuthIdentity identity;
    private Map<String, Object> context;

    ApiExchange(GatewayServices services, EventExecutor loop, HttpInput in, RouteTable.Match match,
                Consumer<GatewayReply> done) {
        this.services = services;
        this.loop = loop;
        this.in = in;
        this.match = match;
        this.done = done;
        this.path = match.route().path();
        this.realm = match.route().api().realmUri();
    }

    /** Starts the exchange; on the loop. */
    void run() {
        try {
            start();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void start() {
        method = lowerCase(in.method());
        spec = path.methods().get(method);
        if (spec == null && method.equals("head")) {
            spec = path.methods().get("get");
            headOnly = spec != null;
        }
        if (spec == null) {
            if (method.equals("options")) {
                finish(Cors.preflight(in, allowed(), services.settings().corsAllowedOrigins()));
                return;
            }
            GatewayReply r = GatewayReply.error(405, GatewayErrors.METHOD_NOT_ALLOWED, "method " + in.method()
                    + " is not allowed on " + in.path() + "; allowed: " + allowed());
            r.headers().put("allow", allowed());
            finish(r);
            return;
        }
        headOnly = headOnly || method.equals("head");
        provides = MediaTypes.negotiate(in.header("accept"), path.provides());
        if (provides == null) {
            finish(GatewayReply.error(406, GatewayErrors.NOT_ACCEPTABLE, "this path provides " + path.provides()
                    + "; the Accept header allows none of them"));
            return;
        }
        long limit = Math.min(spec.bodyMaxBytes(), services.settings().maxBodyBytes());
        if (in.body().length > limit) {
            finish(GatewayReply.error(413, GatewayErrors.PAYLOAD_TOO_LARGE, "the request body exceeds " + limit
                    + " bytes"));
            return;
        }
        if (method.equals("options")) {
            authenticated(null); // Bondy: OPTIONS is anonymous
            return;
        }
        authenticate();
    }

    /** The method in lower case, without allocating for the common ones (per request). */
    private static String lowerCase(String method) {
        return switch (method) {
            case "GET" -> "get";
            case "POST" -> "post";
            case "PUT" -> "put";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            case "HEAD" -> "head";
            case "OPTIONS" -> "options";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    private String allowed() {
        List<String> methods = new ArrayList<>();
        path.methods().keySet().forEach(m -> methods.add(m.toUpperCase(Locale.ROOT)));
        if (path.methods().containsKey("get") && !path.methods().containsKey("head")) {
            methods.add("HEAD");
        }
        if (!path.methods().containsKey("options")) {
            methods.add("OPTIONS");
        }
        return String.join(", ", methods);
    }

    private void authenticate() {
        Security security = path.security();
        if (security instanceof Security.None) {
            authenticated(null);
            return;
        }
        if (security instanceof Security.Oidc) {
            finish(GatewayReply.error(501, GatewayErrors.NOT_IMPLEMENTED,
                    "this path is secured with OIDC, which this node does not offer"));
            return;
        }
        if (security instanceof Security.ApiKey) {
            finish(challenge("ApiKey", "api_key authentication is not supported (as in Bondy)"));
            return;
        }
        String authorization = in.header("authorization");
        boolean bearer = security instanceof Security.OAuth2;
        String scheme = bearer ? "Bearer" : "Basic";
        if (authorization == null || !authorization.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
            finish(challenge(scheme, "an Authorization: " + scheme + " header is required"));
            return;
        }
        String credential = authorization.substring(scheme.length() + 1).trim();
        String user;
        String password;
        if (bearer) {
            user = null;
            password = null;
        } else {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                finish(challenge(scheme, "malformed Basic credentials"));
                return;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                finish(challenge(scheme, "malformed Basic credentials"));
                return;
            }
            user = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        InetAddress address = in.remote() == null ? null : in.remote().getAddress();
        try {
            services.authExecutor().execute(() -> {
                Optional<AuthIdentity> who;
                try {
                    who = bearer ? services.authenticator().bearer(realm, credential, address)
                            : services.authenticator().basic(realm, user, password, address);
                } catch (RuntimeException e) {
                    LOG.warn("API {}: credential check failed", match.route().api().id(), e);
                    who = Optional.empty();
                }
                Optional<AuthIdentity> result = who;
                loop.execute(() -> {
                    if (result.isEmpty()) {
                        finish(challenge(scheme, bearer ? "the access token is not valid in realm " + realm
                                : "wrong user name or password"));
                    } else {
                        authenticated(result.get());
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            finish(GatewayReply.error(503, GatewayErrors.UNAVAILABLE, "too many requests being authenticated; "
                    + "try again"));
        }
    }

    private GatewayReply challenge(String scheme, String message) {
        GatewayReply r = GatewayReply.error(401, GatewayErrors.AUTHENTICATION_FAILED, message);
        r.headers().put("www-authenticate", scheme + " realm=\"" + realm + "\"");
        return r;
    }

    private void authenticated(AuthIdentity who) {
        try {
            identity = who != null ? who : anonymous();
            context = context(who);
            act();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private static AuthIdentity anonymous() {
        // a random (version 4) UUID without SecureRandom: UUID.randomUUID() serializes every request of
        // the node on one SecureRandom; this authid only tells requests apart, it guards nothing
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new AuthIdentity("anonymous-" + new UUID(msb, lsb), "anonymous", "anonymous", "bondy", Map.of());
    }

    private Map<String, Object> context(AuthIdentity who) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", Long.toString(ThreadLocalRandom.current().nextLong(1, 1L << 53)));
        request.put("method", method);
        request.put("scheme", "http");
        String peer = in.remote() == null ? "" : in.remote().getAddress().getHostAddress() + ":" + in.remote().getPort();
        request.put("peer", peer);
        request.put("peername", peer);
        request.put("path", trimSlash(in.path()));
        request.put("host", in.host());
        request.put("port", in.port());
        request.put("headers", java.util.Collections.unmodifiableMap(in.headers()));
        request.put("language", language());
        request.put("query_string", in.queryString());
        request.put("query_params", queryParams(in.queryString()));
        request.put("bindings", match.bindings());
        request.put("body", body());
        request.put("body_length", in.body().length);
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("request", request);
        ctx.put("status_codes", match.route().version().statusCodes());
        ctx.put("variables", path.variables());
        ctx.put("defaults", path.defaults());
        if (who != null) {
            Map<String, Object> security = new LinkedHashMap<>();
            security.put("realm_uri", realm);
            security.put("authid", who.authid());
            security.put("username", who.authid());
            security.put("authrole", who.authrole());
            security.put("authmethod", who.authmethod());
            security.put("groups", List.of(who.authrole()));
            security.put("locale", request.get("language"));
            security.put("meta", who.authextra());
            ctx.put("security", security);
        }
        return ctx;
    }

    private String language() {
        List<String> languages = match.route().version().languages();
        String accept = in.header("accept-language");
        if (accept != null) {
            for (String range : accept.split(",", 16)) {
                String tag = range.split(";")[0].trim().toLowerCase(Locale.ROOT);
                for (String l : languages) {
                    if (l.toLowerCase(Locale.ROOT).equals(tag)) {
                        return l.toLowerCase(Locale.ROOT);
                    }
                }
            }
        }
        return languages.isEmpty() ? "en" : languages.get(0).toLowerCase(Locale.ROOT);
    }

    private Object body() {
        if (in.body().length == 0) {
            return "";
        }
        String type = in.header("content-type");
        if (type == null) {
            throw new Refusal(GatewayReply.error(415, GatewayErrors.UNSUPPORTED_MEDIA_TYPE,
                    "a request with a body needs a Content-Type; this path accepts " + path.accepts()));
        }
        String essence = MediaTypes.accepted(type, path.accepts());
        if (essence == null) {
            throw new Refusal(GatewayReply.error(415, GatewayErrors.UNSUPPORTED_MEDIA_TYPE, "this path accepts "
                    + path.accepts() + ", not " + MediaTypes.essence(type)));
        }
        try {
            return BodyCodec.decode(essence, in.body());
        } catch (IllegalArgumentException e) {
            throw new Refusal(GatewayReply.error(400, GatewayErrors.BAD_REQUEST, e.getMessage()));
        }
    }

    private static Map<String, Object> queryParams(String qs) {
        return qs.isEmpty() ? Map.of() : BodyCodec.form(qs);
    }

    private static String trimSlash(String p) {
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    // ---- actions

    private void act() {
        Action action = spec.action();
        if (action instanceof Action.WampCall call) {
            wampCall(call);
        } else if (action instanceof Action.WampPublish publish) {
            wampPublish(publish);
        } else if (action instanceof Action.Forward forward) {
            forward(forward);
        } else if (action instanceof Action.Static s) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("headers", request(s.headers(), "action.headers"));
            result.put("body", request(s.body(), "action.body"));
            respond(false, result, false);
        } else {
            respond(false, Map.of("args", List.of(), "kwargs", Map.of(), "details", Map.of()), false);
        }
    }

    private void wampCall(Action.WampCall call) {
        String procedure = string(request(call.procedure(), "action.procedure"), "action.procedure");
        List<Object> args = list(request(call.args(), "action.args"), "action.args");
        Map<String, Object> kwargs = map(request(call.kwargs(), "action.kwargs"), "action.kwargs");
        Map<String, Object> options = map(request(call.options(), "action.options"), "action.options");
        long timeout = millis(request(call.timeout(), "action.timeout"), "action.timeout");
        int retries = (int) Math.min(ApiSpecParser.MAX_RETRIES, integer(request(call.retries(), "action.retries"),
                "action.retries"));
        long retryTimeout = millis(request(call.retryTimeout(), "action.retry_timeout"), "action.retry_timeout");
        attemptCall(procedure, args, kwargs, options, timeout, retries, retryTimeout, 0);
    }

    private void attemptCall(String procedure, List<Object> args, Map<String, Object> kwargs,
                             Map<String, Object> options, long timeout, int retries, long retryTimeout, int attempt) {
        long t = attempt == 0 || retryTimeout <= 0 ? timeout : Math.min(retryTimeout, cap());
        Map<String, Object> opts = new LinkedHashMap<>(options);
        opts.put("timeout", t);
        CompletableFuture<WampPort.Result> f;
        try {
            f = services.wamp().call(realm, identity, in.remote(), procedure, args, kwargs, opts);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.orTimeout(t + GRACE_MILLIS, TimeUnit.MILLISECONDS).whenCompleteAsync((result, error) -> {
            try {
                if (error == null) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("args", result.args());
                    r.put("kwargs", result.kwargs());
                    r.put("details", result.details());
                    respond(false, r, false);
                    return;
                }
                WampPort.WampError e = wampError(error, procedure);
                if (attempt < retries && RETRYABLE.contains(e.uri())) {
                    services.metrics().actionRetried(match.route().api().id(), path.path(), "wamp_call");
                    LOG.debug("API {} {}: retrying {} after {} (attempt {} of {})", match.route().api().id(),
                            path.path(), procedure, e.uri(), attempt + 1, retries);
                    loop.schedule(() -> attemptCall(procedure, args, kwargs, options, timeout, retries, retryTimeout,
                            attempt + 1), backoff(attempt), TimeUnit.MILLISECONDS);
                    return;
                }
                respond(true, wampErrorContext(e), false);
            } catch (RuntimeException x) {
                fail(x);
            }
        }, loop);
    }

    private void wampPublish(Action.WampPublish publish) {
        String topic = string(request(publish.topic(), "action.topic"), "action.topic");
        List<Object> args = list(request(publish.args(), "action.args"), "action.args");
        Map<String, Object> kwargs = map(request(publish.kwargs(), "action.kwargs"), "action.kwargs");
        Map<String, Object> options = map(request(publish.options(), "action.options"), "action.options");
        CompletableFuture<Long> f;
        try {
            f = services.wamp().publish(realm, identity, in.remote(), topic, args, kwargs, options);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.orTimeout(cap(), TimeUnit.MILLISECONDS).whenCompleteAsync((id, error) -> {
            try {
                if (error == null) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("publication_id", id);
                    r.put("args", List.of());
                    r.put("kwargs", Map.of());
                    r.put("details", Map.of());
                    respond(false, r, false);
                } else {
                    respond(true, wampErrorContext(wampError(error, topic)), false);
                }
            } catch (RuntimeException x) {
                fail(x);
            }
        }, loop);
    }

    private void forward(Action.Forward fwd) {
        String host = string(request(fwd.host(), "action.host"), "action.host");
        String p = string(request(fwd.path(), "action.path"), "action.path");
        String qs = string(request(fwd.queryString(), "action.query_string"), "action.query_string");
        Map<String, Object> headers = map(request(fwd.headers(), "action.headers"), "action.headers");
        Object body = request(fwd.body(), "action.body");
        long timeout = millis(request(fwd.timeout(), "action.timeout"), "action.timeout");
        long connect = millis(request(fwd.connectTimeout(), "action.connect_timeout"), "action.connect_timeout");
        int retries = (int) Math.min(ApiSpecParser.MAX_RETRIES, integer(request(fwd.retries(), "action.retries"),
                "action.retries"));
        long retryTimeout = millis(request(fwd.retryTimeout(), "action.retry_timeout"), "action.retry_timeout");
        String httpMethod = fwd.httpMethod() == null ? method : fwd.httpMethod();
        String base = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
        String url = base + (p.startsWith("/") || p.isEmpty() ? p : "/" + p) + (qs.isEmpty() ? "" : "?" + qs);
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
        byte[] bytes = forwardBody(body, out);
        attemptForward(httpMethod, url, out, bytes, timeout, connect, retries, retryTimeout, 0);
    }

    /** The body to forward: the request's own bytes when the spec forwards {@code request.body} unchanged. */
    private byte[] forwardBody(Object body, Map<String, String> headers) {
        if (body == null || "".equals(body)) {
            return new byte[0];
        }
        if (body instanceof byte[] b) {
            return b;
        }
        if (body.equals(((Map<?, ?>) context.get("request")).get("body"))) {
            return in.body();
        }
        if (body instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        headers.put("content-type", "application/json");
        return BodyCodec.encode(MediaTypes.JSON, body);
    }

    private void attemptForward(String httpMethod, String url, Map<String, String> headers, byte[] body,
                                long timeout, long connect, int retries, long retryTimeout, int attempt) {
        long t = attempt == 0 || retryTimeout <= 0 ? timeout : Math.min(retryTimeout, cap());
        CompletableFuture<ForwardClient.Response> f;
        try {
            f = services.forward().send(httpMethod, url, headers, body, Duration.ofMillis(t),
                    Duration.ofMillis(Math.max(1, connect)));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.orTimeout(t + GRACE_MILLIS, TimeUnit.MILLISECONDS).whenCompleteAsync((r, error) -> {
            try {
                boolean retryable = error != null ? !(unwrap(error) instanceof ForwardClient.ResponseTooLarge)
                        : r.status() == 502 || r.status() == 503 || r.status() == 504;
                if (retryable && attempt < retries) {
                    services.metrics().actionRetried(match.route().api().id(), path.path(), "forward");
                    loop.schedule(() -> attemptForward(httpMethod, url, headers, body, timeout, connect, retries,
                            retryTimeout, attempt + 1), backoff(attempt), TimeUnit.MILLISECONDS);
                    return;
                }
                if (error != null) {
                    Throwable cause = unwrap(error);
                    boolean timedOut = cause instanceof TimeoutException
                            || cause instanceof java.net.http.HttpTimeoutException;
                    String uri = timedOut ? GatewayErrors.TIMEOUT : GatewayErrors.BAD_GATEWAY;
                    String message = timedOut ? "the upstream " + url + " did not answer within " + t + " ms"
                            : "error while forwarding to " + url + ": " + cause.getMessage();
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("error_uri", uri);
                    e.put("status_code", timedOut ? 504 : StatusCodes.of(match.route().version().statusCodes(), uri));
                    e.put("code", uri);
                    e.put("message", message);
                    e.put("args", List.of(message));
                    e.put("kwargs", Map.of());
                    e.put("details", Map.of());
                    e.put("headers", Map.of());
                    e.put("body", Map.of("code", uri, "message", message));
                    respond(true, e, true);
                    return;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("status_code", r.status());
                m.put("headers", r.headers());
                m.put("body", r.body());
                m.put("uri", r.location());
                respond(r.status() >= 400, m, true);
            } catch (RuntimeException x) {
                fail(x);
            }
        }, loop);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private long backoff(int attempt) {
        return Math.min(1000, 50L << Math.min(attempt, 5));
    }

    private long cap() {
        return services.settings().maxActionTimeout().toMillis();
    }

    private WampPort.WampError wampError(Throwable error, String target) {
        Throwable cause = unwrap(error);
        if (cause instanceof WampPort.WampError e) {
            return e;
        }
        if (cause instanceof TimeoutException) {
            return new WampPort.WampError(WampErrors.TIMEOUT, List.of("no answer from " + target), Map.of());
        }
        LOG.warn("API {} {}: {} failed", match.route().api().id(), path.path(), target, cause);
        return new WampPort.WampError(GatewayErrors.INTERNAL, List.of(String.valueOf(cause.getMessage())), Map.of());
    }

    private Map<String, Object> wampErrorContext(WampPort.WampError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error_uri", e.uri());
        m.put("args", e.args());
        m.put("kwargs", e.kwargs());
        m.put("details", Map.of());
        m.put("status_code", StatusCodes.of(match.route().version().statusCodes(), e.uri()));
        return m;
    }

    // ---- response

    private void respond(boolean error, Map<String, Object> outcome, boolean raw) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put(error ? "error" : "result", outcome);
        context.put("action", action);
        ResponseSpec r = error ? spec.onError() : spec.onResult();
        Object body = response(r.body(), (error ? "response.on_error" : "response.on_result") + ".body");
        Map<String, Object> headers = map(response(r.headers(), "response.headers"), "response.headers");
        String uri = r.uri() == null ? "" : String.valueOf(response(r.uri(), "response.uri"));
        if (spec.action() instanceof Action.Static && !error) {
            if (isEmpty(body)) {
                body = outcome.get("body");
            }
            if (outcome.get("headers") instanceof Map<?, ?> h) {
                Map<String, Object> merged = new LinkedHashMap<>();
                h.forEach((k, v) -> merged.put(String.valueOf(k), v));
                merged.putAll(headers);
                headers = merged;
            }
        }
        int status;
        if (r.statusCode() != null) {
            Object code = response(r.statusCode(), "response.status_code");
            Long n = code instanceof String s ? parseLong(s) : ApiSpecParser.integer(code);
            if (n == null || n < 100 || n > 599) {
                throw new Refusal(GatewayReply.error(500, GatewayErrors.INVALID_EXPRESSION,
                        "the response status_code is not an HTTP status: " + code));
            }
            status = n.intValue();
        } else if (error) {
            Object code = outcome.get("status_code");
            status = code instanceof Number n ? n.intValue() : 500;
        } else if (!uri.isEmpty() && method.equals("post")) {
            status = 201;
        } else if (isEmpty(body)) {
            status = 204;
        } else {
            status = 200;
        }
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (v != null) {
                out.put(k.toLowerCase(Locale.ROOT), v instanceof String s ? s : String.valueOf(v));
            }
        });
        if (!uri.isEmpty()) {
            out.put("location", uri);
        }
        if (method.equals("options")) {
            out.put("allow", allowed()); // as Bondy: the path's methods, also in a CORS header the spec set
            out.computeIfPresent("access-control-allow-methods", (k, v) -> allowed());
        }
        byte[] bytes;
        if (isEmpty(body) || status == 204 || status == 304) {
            bytes = new byte[0];
        } else if (raw && (body instanceof String || body instanceof byte[])) {
            bytes = body instanceof byte[] b ? b : ((String) body).getBytes(StandardCharsets.UTF_8);
            if (!out.containsKey("content-type") && outcome.get("headers") instanceof Map<?, ?> h
                    && h.get("content-type") != null) {
                out.put("content-type", String.valueOf(h.get("content-type")));
            }
        } else {
            bytes = BodyCodec.encode(provides, body);
            out.putIfAbsent("content-type", provides.equals(MediaTypes.JSON) || provides.equals(MediaTypes.MSGPACK)
                    ? provides + "; charset=utf-8" : provides);
        }
        finish(new GatewayReply(status, out, bytes));
    }

    private static boolean isEmpty(Object body) {
        return body == null || "".equals(body);
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Evaluates a term of the action (request stage): a failure is the client's request (400). */
    private Object request(Object term, String where) {
        return eval(term, where, 400);
    }

    /** Evaluates a term of a response: a failure is the spec's or the callee's answer (500). */
    private Object response(Object term, String where) {
        return eval(term, where, 500);
    }

    private Object eval(Object term, String where, int status) {
        if (!Mops.hasExpressions(term)) {
            return term;
        }
        try {
            return Mops.evalStrict(term, context);
        } catch (ExpressionException e) {
            String at = e.path() == null || e.path().isEmpty() ? where : where + "." + e.path();
            throw new Refusal(GatewayReply.error(status, GatewayErrors.INVALID_EXPRESSION,
                    "cannot evaluate " + at + ": " + e.reason()));
        }
    }

    private static String string(Object v, String where) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new Refusal(GatewayReply.error(400, GatewayErrors.BAD_REQUEST, where + " must be a string, got "
                + (v == null ? "null" : v.getClass().getSimpleName())));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v, String where) {
        if (v == null || "".equals(v)) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new Refusal(GatewayReply.error(400, GatewayErrors.BAD_REQUEST, where + " must be a list"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v, String where) {
        if (v == null || "".equals(v)) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new Refusal(GatewayReply.error(400, GatewayErrors.BAD_REQUEST, where + " must be an object"));
    }

    private static long integer(Object v, String where) {
        Long n = v instanceof String s ? parseLong(s) : ApiSpecParser.integer(v);
        if (n == null || n < 0) {
            throw new Refusal(GatewayReply.error(400, GatewayErrors.BAD_REQUEST, where
                    + " must be a non-negative integer"));
        }
        return n;
    }

    private long millis(Object v, String where) {
        long n = integer(v, where);
        return n == 0 ? cap() : Math.min(n, cap());
    }

    private void fail(RuntimeException e) {
        if (e instanceof Refusal r) {
            finish(r.reply);
            return;
        }
        LOG.warn("API {} {} {}: request failed", match.route().api().id(), in.method(), path.path(), e);
        finish(GatewayReply.error(500, GatewayErrors.INTERNAL, "the request failed; see the node's log"));
    }

    private boolean finished;

    private void finish(GatewayReply reply) {
        if (finished) {
            return;
        }
        finished = true;
        GatewayReply r = headOnly ? new GatewayReply(reply.status(), reply.headers(), reply.body()) : reply;
        Cors.addAllowOrigin(in, r, services.settings().corsAllowedOrigins());
        done.accept(headOnly ? Head.of(r) : r);
    }

    /** An answer that ends the exchange early (thrown from the evaluation helpers). */
    static final class Refusal extends RuntimeException {
        final GatewayReply reply;

        Refusal(GatewayReply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }

    /** A HEAD answer: the headers of the GET answer, no body (Content-Length says how long it would be). */
    static final class Head {
        private Head() {
        }

        static GatewayReply of(GatewayReply r) {
            Map<String, String> h = new LinkedHashMap<>(r.headers());
            h.put("content-length", Integer.toString(r.body().length));
            return new GatewayReply(r.status(), h, new byte[0]);
        }
    }
}
