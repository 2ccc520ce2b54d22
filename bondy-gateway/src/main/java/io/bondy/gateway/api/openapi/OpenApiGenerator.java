package io.bondy.gateway.api.openapi;

import io.bondy.gateway.api.RouteTable;
import io.bondy.gateway.api.spec.Action;
import io.bondy.gateway.api.spec.ApiPath;
import io.bondy.gateway.api.spec.ApiSpec;
import io.bondy.gateway.api.spec.ApiVersion;
import io.bondy.gateway.api.spec.MethodSpec;
import io.bondy.gateway.api.spec.PathPattern;
import io.bondy.gateway.api.spec.Security;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 document of one API version, served at {@code <base_path>/openapi.json}: its
 * paths (bindings as path parameters), methods with summary, description, the media types they accept
 * and provide, their security (bearer tokens for {@code oauth2}, {@code basic}, {@code api_key}) and the
 * error responses the gateway itself may give. Bodies are documented as any JSON value: the spec does
 * not say their shape.
 *
 * <p>Pure and thread-safe.
 */
public final class OpenApiGenerator {

    public static final String VERSION = "3.1.0";

    private OpenApiGenerator() {
    }

    public static Map<String, Object> generate(RouteTable.DocTarget target) {
        return generate(target.api(), target.version(), target.basePath());
    }

    public static Map<String, Object> generate(ApiSpec api, ApiVersion version, String basePath) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", VERSION);
        Map<String, Object> info = new LinkedHashMap<>();
        Object title = version.info().get("title");
        info.put("title", title instanceof String s && !s.isBlank() ? s : api.name());
        info.put("version", version.name());
        Object description = version.info().get("description");
        info.put("description", description instanceof String s && !s.isBlank() ? s
                : "API '" + api.id() + "' of realm " + api.realmUri() + ", served by Bondy's HTTP API gateway.");
        doc.put("info", info);
        doc.put("servers", List.of(Map.of("url", basePath)));
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Object> schemes = new LinkedHashMap<>();
        for (ApiPath p : version.paths()) {
            for (String alt : PathPattern.expand(p.path())) {
                PathPattern pattern = PathPattern.compile(alt);
                paths.put(pattern.openApiPath(), pathItem(api, version, p, pattern, schemes));
            }
        }
        doc.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", Map.of("Error", errorSchema()));
        if (!schemes.isEmpty()) {
            components.put("securitySchemes", schemes);
        }
        doc.put("components", components);
        return doc;
    }

    private static Map<String, Object> pathItem(ApiSpec api, ApiVersion version, ApiPath p, PathPattern pattern,
                                                Map<String, Object> schemes) {
        Map<String, Object> item = new LinkedHashMap<>();
        if (p.summary() != null && !p.summary().isBlank()) {
            item.put("summary", p.summary());
        }
        if (p.description() != null && !p.description().isBlank()) {
            item.put("description", p.description());
        }
        List<Object> parameters = new ArrayList<>();
        for (String b : pattern.bindingNames()) {
            Map<String, Object> param = new LinkedHashMap<>();
            param.put("name", b);
            param.put("in", "path");
            param.put("required", true);
            param.put("schema", Map.of("type", "string"));
            parameters.add(param);
        }
        if (!parameters.isEmpty()) {
            item.put("parameters", parameters);
        }
        List<Map<String, Object>> security = security(p.security(), schemes);
        for (MethodSpec m : p.methods().values()) {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("operationId", operationId(m.method(), pattern));
            if (p.summary() != null && !p.summary().isBlank()) {
                op.put("summary", p.summary());
            }
            Object description = m.info().get("description");
            if (description instanceof String s && !s.isBlank()) {
                op.put("description", s);
            } else {
                op.put("description", describe(m.action()));
            }
            if (version.deprecated()) {
                op.put("deprecated", true);
            }
            if (security != null) {
                op.put("security", security);
            }
            if (List.of("post", "put", "patch").contains(m.method())) {
                Map<String, Object> content = new LinkedHashMap<>();
                p.accepts().forEach(t -> content.put(essence(t), Map.of("schema", Map.of())));
                op.put("requestBody", Map.of("required", false, "content", content));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("description", "The action's result, mapped by on_result");
            Map<String, Object> content = new LinkedHashMap<>();
            p.provides().forEach(t -> content.put(essence(t), Map.of("schema", Map.of())));
            ok.put("content", content);
            responses.put("200", ok);
            responses.put("default", Map.of("description", "An error: the action's error mapped by on_error, or"
                    + " the gateway's own (4xx/5xx with a JSON body)", "content", Map.of("application/json",
                    Map.of("schema", Map.of("$ref", "#/components/schemas/Error")))));
            op.put("responses", responses);
            item.put(m.method(), op);
        }
        return item;
    }

    private static List<Map<String, Object>> security(Security s, Map<String, Object> schemes) {
        if (s instanceof Security.OAuth2 o) {
            Map<String, Object> scheme = new LinkedHashMap<>();
            scheme.put("type", "http");
            scheme.put("scheme", "bearer");
            scheme.put("description", o.description() != null ? o.description()
                    : "An access token from POST /oauth/token of the API's realm");
            schemes.put("oauth2", scheme);
            return List.of(Map.of("oauth2", List.of()));
        }
        if (s instanceof Security.Basic) {
            schemes.put("basic", Map.of("type", "http", "scheme", "basic"));
            return List.of(Map.of("basic", List.of()));
        }
        if (s instanceof Security.ApiKey k) {
            schemes.put("api_key", Map.of("type", "apiKey", "in", "header", "name", k.headerName()));
            return List.of(Map.of("api_key", List.of()));
        }
        return null;
    }

    private static String describe(Action a) {
        if (a instanceof Action.WampCall c && c.procedure() instanceof String s) {
            return "Calls the WAMP procedure " + s + ".";
        }
        if (a instanceof Action.WampPublish p && p.topic() instanceof String s) {
            return "Publishes to the WAMP topic " + s + ".";
        }
        if (a instanceof Action.Forward) {
            return "Forwarded to an upstream HTTP service.";
        }
        if (a instanceof Action.Static) {
            return "A static answer.";
        }
        return "Answered by the gateway.";
    }

    private static String operationId(String method, PathPattern pattern) {
        String p = pattern.openApiPath().replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
        return method + (p.isEmpty() ? "" : "_" + p);
    }

    private static String essence(String mediaType) {
        int semi = mediaType.indexOf(';');
        return (semi < 0 ? mediaType : mediaType.substring(0, semi)).trim();
    }

    private static Map<String, Object> errorSchema() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("code", Map.of("type", "string"));
        props.put("message", Map.of("type", "string"));
        return Map.of("type", "object", "properties", props);
    }
}
