package io.bondy.gateway.api.spec;

import io.bondy.core.expression.ExpressionException;
import io.bondy.core.expression.Mops;
import io.bondy.core.uri.UriValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an API specification in Bondy's JSON format into an {@link ApiSpec}, validating the whole
 * document first: the first problem found is an {@link ApiSpecException} with its JSON path, and nothing
 * of a refused spec is kept. Inheritance: Bondy's defaults, then the API's {@code variables} and
 * {@code defaults}, the version's, the path's (a lower level overrides); {@code status_codes}: Bondy's
 * defaults, the API's, the version's. Load-time expressions ({@code {{variables.x}}},
 * {@code {{defaults.x}}}) are evaluated here; request-time ones ({@code request}, {@code action},
 * {@code security}, {@code status_codes}) are kept for each request. Operator arguments written the
 * Erlang mops way ({@code get({{x.y}}, 1)}, bare literal keys) are read as Bondy does ({@link BondySyntax}).
 *
 * <p>Thread-safe (stateless apart from its configuration).
 */
public final class ApiSpecParser {

    /** The methods a path may define, in the order they are listed. */
    public static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete", "head", "options");
    /** How many retries an action may ask for at most. */
    public static final int MAX_RETRIES = 10;
    /** The longest API id: ids are store keys and URL segments. */
    public static final int MAX_ID_LENGTH = 255;

    /** Bondy's defaults (bondy_http_gateway_api_spec_parser). */
    public static final Map<String, Object> BONDY_DEFAULTS = defaults();

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]*");
    private static final Set<String> API_KEYS = Set.of("id", "name", "host", "realm_uri", "meta", "variables",
            "defaults", "status_codes", "versions", "ts");
    private static final Set<String> VERSION_KEYS = Set.of("base_path", "is_active", "is_deprecated", "pool_size",
            "info", "variables", "defaults", "status_codes", "languages", "paths");
    /** Path keys that override the path's defaults (Bondy lists them in a path's defaults template). */
    private static final List<String> PATH_DEFAULT_KEYS = List.of("headers", "body_max_bytes", "body_read_bytes",
            "body_read_seconds", "timeout", "connect_timeout", "retries", "retry_timeout");
    private static final Set<String> PATH_KEYS = pathKeys();
    private static final Set<String> METHOD_KEYS = Set.of("action", "response", "info", "body_max_bytes",
            "body_read_bytes", "body_read_seconds");
    private static final Set<String> WAMP_KEYS = Set.of("type", "procedure", "topic", "args", "arguments", "kwargs",
            "arguments_kw", "options", "timeout", "connect_timeout", "retries", "retry_timeout", "payload");
    private static final Set<String> FORWARD_KEYS = Set.of("type", "host", "http_method", "path", "query_string",
            "headers", "body", "timeout", "connect_timeout", "retries", "retry_timeout");
    private static final Set<String> STATIC_KEYS = Set.of("type", "headers", "body");
    private static final Set<String> RESPONSE_KEYS = Set.of("status_code", "headers", "body", "uri");
    private static final Set<String> SCHEMES = Set.of("http", "https");

    private final Set<String> reservedPaths;

    /** @param reservedPaths paths no API may take (the WebSocket endpoint, the OAuth2 endpoints) */
    public ApiSpecParser(Set<String> reservedPaths) {
        this.reservedPaths = Set.copyOf(reservedPaths);
    }

    /**
     * Parses and validates {@code document} (plain Java values as from JSON: maps, lists, strings,
     * numbers, booleans, null).
     *
     * @throws ApiSpecException naming the JSON path of the first error
     */
    @SuppressWarnings("unchecked")
    public ApiSpec parse(Object document) {
        if (!(document instanceof Map)) {
            throw new ApiSpecException("", "an API specification must be a JSON object, got "
                    + SpecNode.describe(document));
        }
        Object normalized = BondySyntax.normalize(document);
        SpecNode root = new SpecNode(normalized, "");
        root.onlyKeys(API_KEYS);
        try {
            Mops.validate(normalized);
        } catch (ExpressionException e) {
            throw new ApiSpecException(e.path(), "bad expression: " + e.reason());
        }
        String id = root.get("id").requiredString();
        if (id.length() > MAX_ID_LENGTH || !ID.matcher(id).matches()) {
            throw root.error("id", "expected letters, digits, '.', '_' or '-' (at most " + MAX_ID_LENGTH
                    + " characters), got " + SpecNode.describe(id));
        }
        String name = root.get("name").requiredString();
        String host = root.get("host").requiredString().toLowerCase(java.util.Locale.ROOT);
        String realm = root.get("realm_uri").requiredString();
        if (!UriValidator.LOOSE.isValid(realm)) {
            throw root.error("realm_uri", "expected a realm URI, got " + SpecNode.describe(realm));
        }
        Map<String, Object> meta = root.has("meta") && root.get("meta").value() != null ? root.get("meta").map()
                : Map.of();
        optionalMap(root, "variables");
        optionalMap(root, "defaults");
        Scope scope = Scope.root(root, BONDY_DEFAULTS);
        Map<String, Object> codes = new LinkedHashMap<>(StatusCodes.DEFAULTS);
        codes.putAll(statusCodes(root));
        SpecNode versions = root.get("versions");
        if (versions.value() == null) {
            throw versions.error("required");
        }
        List<ApiVersion> parsed = new ArrayList<>();
        for (String v : versions.map().keySet()) {
            parsed.add(version(v, versions.get(v), scope, codes));
        }
        checkOverlaps(versions, parsed);
        return new ApiSpec(id, name, host, realm, meta, List.copyOf(parsed), (Map<String, Object>) document);
    }

    private ApiVersion version(String name, SpecNode node, Scope parent, Map<String, Object> parentCodes) {
        node.map();
        node.onlyKeys(VERSION_KEYS);
        optionalMap(node, "variables");
        optionalMap(node, "defaults");
        Scope scope = parent.child(node);
        SpecNode base = node.get("base_path");
        String basePath = base.requiredString();
        if (!basePath.startsWith("/")) {
            throw base.error("expected a path starting with '/', got " + SpecNode.describe(basePath));
        }
        List<String> bases;
        try {
            bases = PathPattern.expand(basePath);
            bases.forEach(PathPattern::compile);
        } catch (IllegalArgumentException e) {
            throw base.error(e.getMessage());
        }
        boolean active = node.get("is_active").bool(true);
        boolean deprecated = node.get("is_deprecated").bool(false);
        SpecNode pool = node.get("pool_size");
        if (pool.value() != null) {
            positiveInt(pool);
        }
        Map<String, Object> info = optionalMap(node, "info");
        List<String> languages = node.has("languages") ? node.get("languages").stringList() : List.of("en");
        Map<String, Object> codes = new LinkedHashMap<>(parentCodes);
        codes.putAll(statusCodes(node));
        SpecNode paths = node.get("paths");
        if (paths.value() == null) {
            throw paths.error("required");
        }
        List<ApiPath> parsed = new ArrayList<>();
        for (String key : paths.map().keySet()) {
            parsed.add(path(key, paths.get(key), scope, bases));
        }
        return new ApiVersion(name, basePath, bases, active, deprecated, info, List.copyOf(languages),
                Map.copyOf(codes), List.copyOf(parsed));
    }

    private ApiPath path(String key, SpecNode node, Scope parent, List<String> bases) {
        if (!key.startsWith("/")) {
            throw new ApiSpecException(node.path(), "a path must start with '/'");
        }
        node.map();
        node.onlyKeys(PATH_KEYS);
        List<String> alternatives;
        try {
            alternatives = PathPattern.expand(key);
            for (String base : bases) {
                for (String alt : alternatives) {
                    PathPattern full = PathPattern.compile(base + alt);
                    if (reservedPaths.contains(full.toString())) {
                        throw new IllegalArgumentException(full + " is reserved (WebSocket or OAuth2 endpoint)");
                    }
                    if (full.toString().endsWith("/openapi.json") && bases.contains(
                            full.toString().substring(0, full.toString().length() - "/openapi.json".length()))) {
                        throw new IllegalArgumentException(full + " is reserved for the generated OpenAPI document");
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ApiSpecException(node.path(), e.getMessage());
        }
        optionalMap(node, "variables");
        optionalMap(node, "defaults");
        Map<String, SpecNode> overrides = new LinkedHashMap<>();
        for (String k : PATH_DEFAULT_KEYS) {
            if (node.has(k)) {
                overrides.put(k, node.get(k));
            }
        }
        Scope scope = parent.with(node, overrides);
        List<String> methods = METHODS.stream().filter(node::has).toList();
        if (methods.isEmpty()) {
            throw node.error("at least one method is required (one of " + METHODS + ")");
        }
        boolean collection = node.get("is_collection").bool(false);
        List<String> accepts = mediaTypes(inherited(node, "accepts", scope));
        List<String> provides = mediaTypes(inherited(node, "provides", scope));
        SpecNode schemesNode = inherited(node, "schemes", scope);
        List<String> schemes = schemesNode.stringList();
        for (String s : schemes) {
            if (!SCHEMES.contains(s)) {
                throw schemesNode.error("expected http or https, got " + SpecNode.describe(s));
            }
        }
        Security security = security(inherited(node, "security", scope));
        String summary = node.get("summary").optionalString();
        String description = node.get("description").optionalString();
        Map<String, MethodSpec> parsed = new LinkedHashMap<>();
        for (String m : methods) {
            parsed.put(m, method(m, node.get(m), scope));
        }
        return new ApiPath(key, collection, accepts, provides, schemes, security, summary, description,
                scope.variables(), scope.defaults(), parsed);
    }

    /** The path's own value of {@code key}, else its defaults', evaluated. */
    private static SpecNode inherited(SpecNode path, String key, Scope scope) {
        if (path.has(key)) {
            SpecNode own = path.get(key);
            return own.child("", scope.eval(own)).withPath(own.path());
        }
        return new SpecNode(scope.defaults().get(key), path.pathOf(key));
    }

    private static List<String> mediaTypes(SpecNode node) {
        List<String> types = node.stringList();
        if (types.isEmpty()) {
            throw node.error("expected at least one media type");
        }
        for (String t : types) {
            if (!t.contains("/")) {
                throw node.error("expected media types such as application/json, got " + SpecNode.describe(t));
            }
        }
        return List.copyOf(types);
    }

    private static Security security(SpecNode node) {
        if (node.value() instanceof String s && Mops.hasExpressions(s)) {
            throw node.error("security cannot depend on the request, got " + SpecNode.describe(s));
        }
        Map<String, Object> m = node.map();
        if (m.isEmpty()) {
            return new Security.None();
        }
        SpecNode type = node.get("type");
        return switch (type.requiredString()) {
            case "oauth2" -> {
                node.onlyKeys(Set.of("type", "flow", "token_path", "revoke_token_path", "schemes", "description"));
                SpecNode flow = node.get("flow");
                String f = flow.optionalString();
                if (f != null && !Set.of("authorization_code", "implicit", "resource_owner_password_credentials",
                        "client_credentials").contains(f)) {
                    throw flow.error("unknown OAuth2 flow " + SpecNode.describe(f));
                }
                yield new Security.OAuth2(f, node.get("token_path").optionalString(),
                        node.get("revoke_token_path").optionalString(), node.get("description").optionalString());
            }
            case "basic" -> {
                node.onlyKeys(Set.of("type", "schemes", "description"));
                yield new Security.Basic();
            }
            case "api_key" -> {
                node.onlyKeys(Set.of("type", "schemes", "header_name", "description"));
                String header = node.get("header_name").optionalString();
                yield new Security.ApiKey(header == null ? "authorization" : header);
            }
            case "oidc" -> {
                node.onlyKeys(Set.of("type", "provider", "description", "schemes"));
                yield new Security.Oidc(node.get("provider").requiredString());
            }
            default -> throw type.error("expected oauth2, basic, api_key or oidc, got "
                    + SpecNode.describe(type.value()));
        };
    }

    private MethodSpec method(String name, SpecNode raw, Scope scope) {
        SpecNode node = raw.value() instanceof String ? raw.child("", scope.eval(raw)).withPath(raw.path()) : raw;
        node.map();
        node.onlyKeys(METHOD_KEYS);
        Action action = action(name, node.has("action") ? node.get("action")
                : new SpecNode(null, node.pathOf("action")), scope);
        SpecNode response = node.get("response");
        Map<String, Object> responses = response.value() == null ? Map.of() : response.map();
        response = response.child("", responses).withPath(response.path());
        if (response.value() != null) {
            response.onlyKeys(Set.of("on_result", "on_error"));
        }
        boolean forward = action instanceof Action.Forward;
        ResponseSpec onResult = responses.containsKey("on_result")
                ? response(response.get("on_result"), scope) : defaultResult(scope, forward);
        ResponseSpec onError = responses.containsKey("on_error")
                ? response(response.get("on_error"), scope) : defaultError(scope, forward);
        SpecNode max = node.has("body_max_bytes") ? node.get("body_max_bytes")
                : new SpecNode(scope.defaults().get("body_max_bytes"), node.pathOf("body_max_bytes"));
        long bodyMax = positiveInt(max.child("", scope.eval(max)).withPath(max.path()));
        for (String k : List.of("body_read_bytes", "body_read_seconds")) {
            if (node.has(k)) {
                positiveInt(node.get(k).child("", scope.eval(node.get(k))).withPath(node.pathOf(k)));
            }
        }
        Map<String, Object> info = optionalMap(node, "info");
        return new MethodSpec(name, action, onResult, onError, bodyMax, info);
    }

    private Action action(String method, SpecNode node, Scope scope) {
        if (node.value() == null) {
            if (method.equals("options")) {
                return new Action.None();
            }
            throw node.error("required");
        }
        Map<String, Object> raw = node.map();
        if (raw.isEmpty()) {
            if (method.equals("options")) {
                return new Action.None();
            }
            throw node.error("type", "required (wamp_call, wamp_publish, forward or static)");
        }
        SpecNode type = node.get("type");
        String t = type.requiredString();
        return switch (t) {
            case "wamp_call", "wamp_publish" -> wamp(t, node, scope);
            case "forward" -> forward(node, scope);
            case "static" -> {
                node.onlyKeys(STATIC_KEYS);
                SpecNode e = evaluated(node, scope, Map.of("headers", Map.of(), "body", ""));
                Object headers = e.get("headers").value();
                mapOrExpression(e.get("headers"), false);
                yield new Action.Static(headers, e.get("body").value());
            }
            default -> throw type.error("unsupported action type " + SpecNode.describe(t)
                    + " (expected wamp_call, wamp_publish, forward or static)");
        };
    }

    private static Action wamp(String type, SpecNode node, Scope scope) {
        node.onlyKeys(WAMP_KEYS);
        if (node.has("payload")) {
            throw node.error("payload", "transparent payloads are not supported by the gateway");
        }
        boolean call = type.equals("wamp_call");
        if (call && node.has("topic")) {
            throw node.error("topic", "a wamp_call has a procedure, not a topic");
        }
        if (!call && node.has("procedure")) {
            throw node.error("procedure", "a wamp_publish has a topic, not a procedure");
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("options", Map.of());
        defaults.put("args", List.of());
        defaults.put("kwargs", Map.of());
        defaults.put("timeout", "{{defaults.timeout}}");
        defaults.put("connect_timeout", "{{defaults.connect_timeout}}");
        defaults.put("retries", "{{defaults.retries}}");
        defaults.put("retry_timeout", "{{defaults.retry_timeout}}");
        Map<String, Object> aliased = new LinkedHashMap<>(node.map());
        alias(aliased, "arguments", "args");
        alias(aliased, "arguments_kw", "kwargs");
        SpecNode e = evaluated(node.child("", aliased).withPath(node.path()), scope, defaults);
        SpecNode target = e.get(call ? "procedure" : "topic");
        uriOrExpression(target);
        listOrExpression(e.get("args"));
        mapOrExpression(e.get("kwargs"), true);
        mapOrExpression(e.get("options"), true);
        intOrExpression(e.get("timeout"), 0, Integer.MAX_VALUE);
        intOrExpression(e.get("retries"), 0, MAX_RETRIES);
        intOrExpression(e.get("retry_timeout"), 0, Integer.MAX_VALUE);
        return call
                ? new Action.WampCall(target.value(), e.get("args").value(), e.get("kwargs").value(),
                e.get("options").value(), e.get("timeout").value(), e.get("retries").value(),
                e.get("retry_timeout").value())
                : new Action.WampPublish(target.value(), e.get("args").value(), e.get("kwargs").value(),
                e.get("options").value());
    }

    private static Action forward(SpecNode node, Scope scope) {
        node.onlyKeys(FORWARD_KEYS);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("path", "{{request.path}}");
        defaults.put("query_string", "{{request.query_string}}");
        defaults.put("headers", "{{request.headers}}");
        defaults.put("body", "{{request.body}}");
        defaults.put("timeout", "{{defaults.timeout}}");
        defaults.put("connect_timeout", "{{defaults.connect_timeout}}");
        defaults.put("retries", "{{defaults.retries}}");
        defaults.put("retry_timeout", "{{defaults.retry_timeout}}");
        SpecNode e = evaluated(node, scope, defaults);
        SpecNode host = e.get("host");
        Object h = host.value();
        if (!(h instanceof String s) || !(Mops.hasExpressions(s) || s.startsWith("http://")
                || s.startsWith("https://"))) {
            throw host.error(h == null ? "required" : "expected an http:// or https:// URL or an expression, got "
                    + SpecNode.describe(h));
        }
        if (!Mops.hasExpressions(h)) {
            try {
                java.net.URI u = java.net.URI.create((String) h);
                if (u.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
            } catch (IllegalArgumentException ex) {
                throw host.error("not a valid URL: " + ex.getMessage());
            }
        }
        SpecNode m = e.get("http_method");
        String method = m.optionalString();
        if (method != null && !METHODS.contains(method.toLowerCase(java.util.Locale.ROOT))) {
            throw m.error("expected one of " + METHODS + ", got " + SpecNode.describe(method));
        }
        stringOrExpression(e.get("path"));
        stringOrExpression(e.get("query_string"));
        mapOrExpression(e.get("headers"), false);
        intOrExpression(e.get("timeout"), 1, Integer.MAX_VALUE);
        intOrExpression(e.get("connect_timeout"), 1, Integer.MAX_VALUE);
        intOrExpression(e.get("retries"), 0, MAX_RETRIES);
        intOrExpression(e.get("retry_timeout"), 0, Integer.MAX_VALUE);
        return new Action.Forward(h, method == null ? null : method.toLowerCase(java.util.Locale.ROOT),
                e.get("path").value(), e.get("query_string").value(), e.get("headers").value(), e.get("body").value(),
                e.get("timeout").value(), e.get("connect_timeout").value(), e.get("retries").value(),
                e.get("retry_timeout").value());
    }

    private static ResponseSpec response(SpecNode node, Scope scope) {
        node.map();
        node.onlyKeys(RESPONSE_KEYS);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("headers", "{{defaults.headers}}");
        defaults.put("body", "");
        SpecNode e = evaluated(node, scope, defaults);
        SpecNode code = e.get("status_code");
        if (code.value() != null) {
            if (code.value() instanceof String s && !Mops.hasExpressions(s)) {
                try {
                    int c = Integer.parseInt(s.trim());
                    checkStatus(code, c);
                } catch (NumberFormatException ex) {
                    throw code.error("expected an HTTP status code or an expression, got " + SpecNode.describe(s));
                }
            } else if (!(code.value() instanceof String)) {
                Long n = integer(code.value());
                if (n == null) {
                    throw code.error("expected an HTTP status code or an expression, got "
                            + SpecNode.describe(code.value()));
                }
                checkStatus(code, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n)));
            }
        }
        mapOrExpression(e.get("headers"), false);
        SpecNode uri = e.get("uri");
        uri.optionalString();
        return new ResponseSpec(code.value(), e.get("headers").value(), e.get("body").value(), uri.value());
    }

    /** Without an {@code on_result}: an empty 204, or for {@code forward} the upstream's status and body. */
    private static ResponseSpec defaultResult(Scope scope, boolean forward) {
        return forward
                ? new ResponseSpec("{{action.result.status_code}}", scope.defaults().get("headers"),
                "{{action.result.body}}", null)
                : new ResponseSpec(null, scope.defaults().get("headers"), "", null);
    }

    /** Without an {@code on_error}: the mapped status and the error as the body (Bondy sends an empty one). */
    private static ResponseSpec defaultError(Scope scope, boolean forward) {
        if (forward) {
            return new ResponseSpec("{{action.error.status_code}}", scope.defaults().get("headers"),
                    "{{action.error.body}}", null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_uri", "{{action.error.error_uri}}");
        body.put("args", "{{action.error.args}}");
        body.put("kwargs", "{{action.error.kwargs}}");
        body.put("details", "{{action.error.details}}");
        return new ResponseSpec(null, scope.defaults().get("headers"), body, null);
    }

    private static void checkStatus(SpecNode node, int code) {
        if (code < 100 || code > 599) {
            throw node.error("expected an HTTP status code (100-599), got " + code);
        }
    }

    /** {@code defaults} under the node's own keys, evaluated at load time, as a node at the same path. */
    private static SpecNode evaluated(SpecNode node, Scope scope, Map<String, Object> defaults) {
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        merged.putAll(node.map());
        return node.child("", scope.eval(node.child("", merged).withPath(node.path()))).withPath(node.path());
    }

    private static void alias(Map<String, Object> m, String from, String to) {
        if (m.containsKey(from)) {
            Object v = m.remove(from);
            m.putIfAbsent(to, v);
        }
    }

    private static void uriOrExpression(SpecNode node) {
        if (node.value() instanceof String s && (Mops.hasExpressions(s) || UriValidator.LOOSE.isValid(s))) {
            return;
        }
        throw node.error(node.value() == null ? "required" : "expected a URI or an expression, got "
                + SpecNode.describe(node.value()));
    }

    private static void listOrExpression(SpecNode node) {
        Object v = node.value();
        if (v == null || v instanceof List || (v instanceof String s && Mops.hasExpressions(s))) {
            return;
        }
        throw node.error("expected a list or an expression, got " + SpecNode.describe(v));
    }

    private static void mapOrExpression(SpecNode node, boolean nullable) {
        Object v = node.value();
        if ((v == null && nullable) || v instanceof Map || (v instanceof String s && Mops.hasExpressions(s))) {
            return;
        }
        throw node.error("expected an object or an expression, got " + SpecNode.describe(v));
    }

    private static void stringOrExpression(SpecNode node) {
        if (node.value() instanceof String) {
            return;
        }
        throw node.error("expected a string or an expression, got " + SpecNode.describe(node.value()));
    }

    /** An integer within bounds, or an expression (checked per request); returns the integer or -1. */
    private static long intOrExpression(SpecNode node, long min, long max) {
        Object v = node.value();
        if (v instanceof String s && Mops.hasExpressions(s)) {
            return -1;
        }
        Long n = integer(v);
        if (n == null) {
            throw node.error("expected an integer or an expression, got " + SpecNode.describe(v));
        }
        if (n < min || n > max) {
            throw node.error("expected an integer from " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    private static long positiveInt(SpecNode node) {
        Long n = integer(node.value());
        if (n == null || n < 1) {
            throw node.error("expected a positive integer, got " + SpecNode.describe(node.value()));
        }
        return n;
    }

    /** An integral number (JSON may give 5000.0), else null. */
    public static Long integer(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        if (v instanceof java.math.BigInteger b && b.bitLength() < 63) {
            return b.longValue();
        }
        return null;
    }

    private static Map<String, Object> optionalMap(SpecNode parent, String key) {
        if (!parent.has(key) || parent.get(key).value() == null) {
            return Map.of();
        }
        return parent.get(key).map();
    }

    private static Map<String, Object> statusCodes(SpecNode parent) {
        Map<String, Object> out = new LinkedHashMap<>();
        SpecNode codes = parent.get("status_codes");
        if (codes.value() == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : codes.map().entrySet()) {
            SpecNode c = codes.get(e.getKey());
            Long n = integer(e.getValue());
            if (n == null || n < 100 || n > 599) {
                throw c.error("expected an HTTP status code (100-599), got " + SpecNode.describe(e.getValue()));
            }
            out.put(e.getKey(), n.intValue());
        }
        return out;
    }

    /** Two paths of the spec (any versions) that would serve the same URL for the same host. */
    private static void checkOverlaps(SpecNode versions, List<ApiVersion> parsed) {
        List<PathPattern> seen = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (ApiVersion v : parsed) {
            if (!v.active()) {
                continue;
            }
            for (ApiPath p : v.paths()) {
                for (String base : v.basePaths()) {
                    for (String alt : PathPattern.expand(p.path())) {
                        PathPattern full = PathPattern.compile(base + alt);
                        for (int i = 0; i < seen.size(); i++) {
                            if (seen.get(i).sameShape(full)) {
                                throw new ApiSpecException(versions.pathOf(v.name()) + ".paths." + p.path(),
                                        "serves " + full + " like " + owners.get(i));
                            }
                        }
                        seen.add(full);
                        owners.add("versions." + v.name() + ".paths." + p.path());
                    }
                }
            }
        }
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("schemes", List.of("http"));
        d.put("security", Map.of());
        d.put("body_max_bytes", 25_000_000);
        d.put("body_read_bytes", 8_000_000);
        d.put("body_read_seconds", 15_000);
        d.put("timeout", 60_000);
        d.put("connect_timeout", 8_000);
        d.put("retries", 0);
        d.put("retry_timeout", 5_000);
        d.put("accepts", List.of("application/json", "application/msgpack"));
        d.put("provides", List.of("application/json", "application/msgpack"));
        d.put("headers", Map.of());
        return java.util.Collections.unmodifiableMap(d);
    }

    private static Set<String> pathKeys() {
        Set<String> keys = new java.util.HashSet<>(Set.of("is_collection", "variables", "defaults", "accepts",
                "provides", "schemes", "security", "summary", "description"));
        keys.addAll(METHODS);
        keys.addAll(PATH_DEFAULT_KEYS);
        return Set.copyOf(keys);
    }
}
