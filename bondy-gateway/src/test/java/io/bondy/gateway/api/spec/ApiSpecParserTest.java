package io.bondy.gateway.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiSpecParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiSpecParser parser = new ApiSpecParser(Set.of("/ws", "/oauth/token", "/oauth/revoke"));

    static Object json(String text) throws Exception {
        return JSON.readValue(text, Object.class);
    }

    static Object bondyExample() throws Exception {
        try (InputStream in = ApiSpecParserTest.class.getResourceAsStream("/api/bondy_format_api_spec.json")) {
            return JSON.readValue(in, Object.class);
        }
    }

    /** A valid spec with one path; {@code path} replaces the path's body. */
    static String spec(String pathBody) {
        return """
                {"id": "com.example.api", "name": "Example", "host": "_", "realm_uri": "com.example",
                 "versions": {"1.0": {"base_path": "/api/[v1.0]", "paths": {"/x": %s}}}}
                """.formatted(pathBody);
    }

    private void refused(String document, String path, String reasonPart) {
        assertThatThrownBy(() -> parser.parse(json(document)))
                .isInstanceOfSatisfying(ApiSpecException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.reason()).contains(reasonPart);
                });
    }

    @Test
    void aSpecInBondysFormatLoadsUnchanged() throws Exception {
        ApiSpec spec = parser.parse(bondyExample());
        assertThat(spec.id()).isEqualTo("io.example.inventory");
        assertThat(spec.anyHost()).isTrue();
        ApiVersion v = spec.versions().get(0);
        assertThat(v.basePaths()).containsExactly("/api", "/api/v1.0");
        ApiPath p = v.paths().get(0);
        assertThat(p.methods()).containsOnlyKeys("post", "options");
        assertThat(p.schemes()).containsExactly("http", "https");
        assertThat(p.security()).isEqualTo(new Security.Oidc("mock"));
        Action.WampCall call = (Action.WampCall) p.methods().get("post").action();
        assertThat(call.procedure()).isEqualTo("{{request.body.procedure}}");
        assertThat(call.timeout()).as("the version's default overrides the API's").isEqualTo(15000);
        assertThat(call.retries()).isEqualTo(0);
        assertThat(p.methods().get("options").action()).isInstanceOf(Action.None.class);
        assertThat(v.statusCodes()).containsEntry("io.example.error.bad_item", 400)
                .containsEntry("wamp.error.no_such_procedure", 501)
                .containsEntry("wamp.error.not_authorized", 403)
                .containsEntry("wamp.error.timeout", 504);
        assertThat(spec.source()).isEqualTo(bondyExample());
    }

    @Test
    void bondysDefaultsApplyWhenTheSpecSaysNothing() throws Exception {
        ApiSpec spec = parser.parse(json(spec("""
                {"post": {"action": {"type": "wamp_call", "procedure": "com.example.add"}}}""")));
        ApiPath p = spec.versions().get(0).paths().get(0);
        assertThat(p.accepts()).containsExactly("application/json", "application/msgpack");
        assertThat(p.provides()).containsExactly("application/json", "application/msgpack");
        assertThat(p.schemes()).containsExactly("http");
        assertThat(p.security()).isEqualTo(new Security.None());
        MethodSpec m = p.methods().get("post");
        assertThat(m.bodyMaxBytes()).isEqualTo(25_000_000);
        Action.WampCall call = (Action.WampCall) m.action();
        assertThat(call.timeout()).isEqualTo(60000);
        assertThat(call.retries()).isEqualTo(0);
        assertThat(call.retryTimeout()).isEqualTo(5000);
        assertThat(call.args()).isEqualTo(List.of());
        assertThat(call.kwargs()).isEqualTo(Map.of());
    }

    @Test
    void variablesAndDefaultsInheritFromApiToVersionToPath() throws Exception {
        ApiSpec spec = parser.parse(json("""
                {"id": "a", "name": "A", "host": "_", "realm_uri": "com.example",
                 "variables": {"proc": "com.example.{{variables.verb}}", "verb": "add", "t": 1000},
                 "defaults": {"timeout": "{{variables.t}}", "retries": 1},
                 "versions": {"1": {"base_path": "/v1", "variables": {"verb": "sum"}, "defaults": {"retries": 2},
                   "paths": {
                     "/a": {"post": {"action": {"type": "wamp_call", "procedure": "{{variables.proc}}"}}},
                     "/b": {"variables": {"t": 7}, "timeout": 9, "post": {"action": {"type": "wamp_call",
                            "procedure": "x.y", "timeout": "{{variables.t}}"}}}}}}}"""));
        List<ApiPath> paths = spec.versions().get(0).paths();
        Action.WampCall a = (Action.WampCall) paths.get(0).methods().get("post").action();
        assertThat(a.procedure()).isEqualTo("com.example.sum");
        assertThat(a.timeout()).isEqualTo(1000);
        assertThat(a.retries()).isEqualTo(2);
        Action.WampCall b = (Action.WampCall) paths.get(1).methods().get("post").action();
        assertThat(b.timeout()).isEqualTo(7);
        assertThat(paths.get(1).defaults()).containsEntry("timeout", 9);
    }

    @Test
    void basePathOptionalSegmentsAndPathBindings() {
        assertThat(PathPattern.expand("/api/[v1.0]")).containsExactly("/api", "/api/v1.0");
        assertThat(PathPattern.expand("/a/[b/[c]]")).containsExactly("/a", "/a/b", "/a/b/c");
        PathPattern p = PathPattern.compile("/api/things/:id/parts/:part");
        assertThat(p.match(PathPattern.segments("/api/things/42/parts/a%20b"))).containsEntry("id", "42")
                .containsEntry("part", "a b");
        assertThat(p.match(PathPattern.segments("/api/things/42/parts"))).isNull();
        assertThat(p.openApiPath()).isEqualTo("/api/things/{id}/parts/{part}");
    }

    @Test
    void eachKindOfErrorIsRefusedWithItsPath() {
        refused("[]", "", "must be a JSON object");
        refused("{\"name\": \"x\"}", "id", "required");
        refused(spec("{}").replace("\"host\": \"_\", ", ""), "host", "required");
        refused(spec("{}").replace("com.example\"", "not a uri!\""), "realm_uri", "expected a realm URI");
        refused(spec("{}").replace("\"versions\"", "\"verions\""), "verions", "unknown key");
        refused(spec("{}").replace("/api/[v1.0]", "api"), "versions.1.0.base_path", "starting with '/'");
        refused(spec("{}").replace("/api/[v1.0]", "/api/[v1.0"), "versions.1.0.base_path", "unbalanced");
        refused(spec("{}"), "versions.1.0.paths./x", "at least one method");
        refused(spec("{\"post\": {\"action\": {\"type\": \"wamp_call\", \"procedure\": 42}}}"),
                "versions.1.0.paths./x.post.action.procedure", "expected a URI or an expression");
        refused(spec("{\"post\": {\"action\": {\"type\": \"wamp_call\", \"procedure\": \"not a uri\"}}}"),
                "versions.1.0.paths./x.post.action.procedure", "expected a URI or an expression");
        refused(spec("{\"post\": {\"action\": {\"type\": \"wamp_rpc\"}}}"),
                "versions.1.0.paths./x.post.action.type", "unsupported action type");
        refused(spec("{\"post\": {\"action\": {}}}"), "versions.1.0.paths./x.post.action.type", "required");
        refused(spec("{\"post\": {\"action\": {\"type\": \"wamp_call\", \"procedure\": \"a.b\", \"retries\": 99}}}"),
                "versions.1.0.paths./x.post.action.retries", "from 0 to 10");
        refused(spec("{\"post\": {\"action\": {\"type\": \"wamp_call\", \"procedure\": \"a.b\", \"timeout\": \"soon\"}}}"),
                "versions.1.0.paths./x.post.action.timeout", "expected an integer or an expression");
        refused(spec("{\"get\": {\"action\": {\"type\": \"forward\", \"host\": \"ftp://x\"}}}"),
                "versions.1.0.paths./x.get.action.host", "http:// or https://");
        refused(spec("{\"get\": {\"action\": {\"type\": \"static\"}, \"response\": {\"on_result\": {\"status_code\": 700}}}}"),
                "versions.1.0.paths./x.get.response.on_result.status_code", "100-599");
        refused(spec("{\"security\": {\"type\": \"kerberos\"}, \"get\": {\"action\": {\"type\": \"static\"}}}"),
                "versions.1.0.paths./x.security.type", "expected oauth2, basic");
        refused(spec("{\"accepts\": \"json\", \"get\": {\"action\": {\"type\": \"static\"}}}"),
                "versions.1.0.paths./x.accepts", "list of strings");
        refused(spec("{\"get\": {\"action\": {\"type\": \"static\", \"body\": \"{{variables.nope}}\"}}}"),
                "versions.1.0.paths./x.get.action.body", "bad expression");
        refused(spec("{\"post\": {\"action\": {\"type\": \"wamp_call\", \"procedure\": \"a.b\","
                + " \"args\": [\"{{request.body |> frobnicate}}\"]}}}"),
                "versions.1.0.paths./x.post.action.args.0", "frobnicate");
        refused(spec("{\"post\": {\"action\": {\"type\": \"static\", \"body\": \"{{request.body\"}}}"),
                "versions.1.0.paths./x.post.action.body", "bad expression");
        refused(spec("{\"get\": {\"action\": {\"type\": \"static\"}}}").replace("\"/x\"", "\"/../ws\""),
                "versions.1.0.paths./../ws", "bad path segment");
        refused(spec("{\"get\": {\"action\": {\"type\": \"static\"}}}").replace("/api/[v1.0]", "/").replace("\"/x\"",
                "\"/ws\""), "versions.1.0.paths./ws", "reserved");
        refused("""
                {"id": "a", "name": "A", "host": "_", "realm_uri": "com.example", "status_codes": {"x.y": "teapot"},
                 "versions": {}}""", "status_codes.x.y", "HTTP status code");
        refused("""
                {"id": "a", "name": "A", "host": "_", "realm_uri": "com.example",
                 "versions": {"1": {"base_path": "/a", "paths": {
                   "/t/:id": {"get": {"action": {"type": "static"}}},
                   "/t/:key": {"get": {"action": {"type": "static"}}}}}}}""", "versions.1.paths./t/:key", "serves /a/t/:key");
    }
}
