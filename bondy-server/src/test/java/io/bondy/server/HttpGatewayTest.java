package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.router.session.ApplicationError;
import io.bondy.gateway.api.spec.ApiSpecException;
import io.bondy.server.config.ConfigLoader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * The HTTP API gateway end to end: a node in this JVM, a spec close to Bondy's
 * {@code examples/config/api_spec.json}, a WAMP callee and subscriber over RawSocket, a local upstream
 * HTTP server for {@code forward}, and the JDK's HTTP client.
 */
@Timeout(120)
class HttpGatewayTest {

    static final String REALM = "com.example.api";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper MSGPACK = new ObjectMapper(new MessagePackFactory());
    private static final AtomicInteger FLAKY = new AtomicInteger();

    @TempDir
    static Path dir;
    private static BondyServer server;
    private static TestCallee callee;
    private static HttpServer upstream;
    private static String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static String provisioning() {
        return """
                [{"uri": "com.example.api", "authmethods": ["anonymous", "oauth2", "wampcra"], "security_enabled": true,
                  "users": [{"username": "alice", "password": "alice-password-1"},
                            {"username": "bob", "password": "bob-password-1"}],
                  "sources": [{"usernames": ["anonymous"], "authmethod": "anonymous", "cidr": "127.0.0.0/8"},
                              {"usernames": ["alice", "bob"], "authmethod": "password", "cidr": "127.0.0.0/8"},
                              {"usernames": ["alice", "bob"], "authmethod": "oauth2", "cidr": "127.0.0.0/8"}],
                  "grants": [{"roles": ["anonymous"], "permissions": ["wamp.register", "wamp.call", "wamp.subscribe",
                              "wamp.publish"], "resources": [{"uri": "com.example.", "match": "prefix"}]},
                             {"roles": ["anonymous"], "permissions": ["wamp.register"],
                              "resources": [{"uri": "com.secure.", "match": "prefix"}]},
                             {"roles": ["user/alice"], "permissions": ["wamp.call"],
                              "resources": [{"uri": "com.secure.", "match": "prefix"}]}]}]
                """;
    }

    /** Bondy's example spec with our realm, no OIDC security, and more paths for each action. */
    static String spec(int upstreamPort) {
        return """
                {
                  "id": "com.example.test", "name": "Test API", "host": "_", "realm_uri": "com.example.api",
                  "status_codes": {"bondy.error.badarg": 400, "bondy.error.not_found": 404,
                                   "com.example.error.not_found": 404, "bondy.error.no_such_user": 400},
                  "variables": {
                    "oauth2": {"type": "oauth2", "flow": "resource_owner_password_credentials",
                               "token_path": "/oauth/token", "revoke_token_path": "/oauth/revoke",
                               "schemes": "{{variables.schemes}}"},
                    "schemes": ["http", "https"],
                    "headers": {"x-api": "test"},
                    "upstream": "http://127.0.0.1:%d"
                  },
                  "defaults": {"retries": 0, "timeout": 5000, "connect_timeout": 5000,
                               "schemes": "{{variables.schemes}}", "headers": "{{variables.headers}}", "security": {}},
                  "versions": {
                    "1.0.0": {
                      "base_path": "/api/[v1.0]",
                      "variables": {}, "defaults": {"timeout": 20000}, "languages": ["en"],
                      "paths": {
                        "/services/call": {
                          "summary": "Allows to perform an arbitrary WAMP call.", "description": "", "is_collection": false,
                          "options": {"action": {}, "response": {"on_error": {"body": ""}, "on_result": {"body": ""}}},
                          "post": {
                            "action": {"type": "wamp_call", "procedure": "{{request.body.procedure}}",
                                       "options": "{{request.body.options}}", "args": "{{request.body.args}}",
                                       "kwargs": "{{request.body.kwargs}}"},
                            "response": {
                              "on_error": {
                                "status_code": "{{status_codes |> get({{action.error.error_uri}}, 500) |> integer}}",
                                "body": {"error_uri": "{{action.error.error_uri}}", "args": "{{action.error.args}}",
                                         "kwargs": "{{action.error.kwargs}}", "details": "{{action.error.details}}"}},
                              "on_result": {"body": {"args": "{{action.result.args}}", "kwargs": "{{action.result.kwargs}}",
                                                     "details": "{{action.result.details}}"}}}}
                        },
                        "/things/:id": {
                          "get": {
                            "action": {"type": "wamp_call", "procedure": "com.example.thing",
                                       "args": ["{{request.bindings.id}}"],
                                       "kwargs": {"verbose": "{{request.query_params.verbose}}"}},
                            "response": {"on_result": {"body": "{{action.result.kwargs}}"}}
                          }
                        },
                        "/add": {
                          "post": {
                            "action": {"type": "wamp_call", "procedure": "com.example.add",
                                       "args": "{{request.body.numbers}}"},
                            "response": {"on_result": {"body": {"sum": "{{action.result.args}}"}}}
                          }
                        },
                        "/slow": {
                          "get": {"action": {"type": "wamp_call", "procedure": "com.example.never", "timeout": 300}}
                        },
                        "/flaky": {
                          "get": {"action": {"type": "wamp_call", "procedure": "com.example.flaky", "timeout": 300,
                                             "retries": 2, "retry_timeout": 2000},
                                  "response": {"on_result": {"body": "{{action.result.kwargs}}"}}}
                        },
                        "/missing": {
                          "get": {"action": {"type": "wamp_call", "procedure": "com.example.nobody"}}
                        },
                        "/events": {
                          "post": {
                            "action": {"type": "wamp_publish", "topic": "com.example.event",
                                       "args": ["{{request.body}}"]},
                            "response": {"on_result": {"status_code": 202,
                                                       "body": {"id": "{{action.result.publication_id}}"}}}
                          }
                        },
                        "/upstream/:name": {
                          "get": {"action": {"type": "forward", "host": "{{variables.upstream}}",
                                             "path": "/echo/{{request.bindings.name}}"}}
                        },
                        "/hello": {
                          "get": {"action": {"type": "static", "headers": {"x-static": "yes"},
                                             "body": {"hello": "world"}}}
                        },
                        "/small": {
                          "post": {"body_max_bytes": 16, "action": {"type": "static", "body": "ok"}}
                        },
                        "/secure/add": {
                          "security": "{{variables.oauth2}}",
                          "post": {"action": {"type": "wamp_call", "procedure": "com.secure.add",
                                              "args": "{{request.body.numbers}}"},
                                   "response": {"on_result": {"body": {"sum": "{{action.result.args}}",
                                                                       "by": "{{security.authid}}"}}}}
                        },
                        "/basic/whoami": {
                          "security": {"type": "basic"},
                          "get": {"action": {"type": "static", "body": {"you": "{{security.authid}}"}}}
                        }
                      }
                    }
                  }
                }
                """.formatted(upstreamPort);
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/echo/", exchange -> {
            byte[] body = ("{\"upstream\": \"" + exchange.getRequestURI().getPath() + "\", \"query\": \""
                    + exchange.getRequestURI().getRawQuery() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/gone") ? 410 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        Path provisioning = dir.resolve("security.json");
        Files.writeString(provisioning, provisioning());
        server = new BondyServer(new ConfigLoader(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0", "BONDY_WAMP_TCP_PORT", "0",
                "BONDY_ADMIN_API_HTTP_PORT", "0", "BONDY_PLATFORM_DATA_DIR", dir.resolve("data").toString(),
                "BONDY_ADMIN_PASSWORD", "admin-password-1", "BONDY_SECURITY_CONFIG_FILE", provisioning.toString(),
                "BONDY_API_GATEWAY_OAUTH2_REALM", REALM, "BONDY_STORE_SYNC_WRITES", "off",
                "BONDY_API_GATEWAY_CORS_ALLOWED_ORIGINS", "https://app.example.com")).load(null));
        server.start();
        base = "http://127.0.0.1:" + server.webSocketPort();
        callee = new TestCallee(server.rawSocketPort(), REALM)
                .register("com.example.add", inv -> Payload.of(List.of(sum(inv))))
                .register("com.example.thing", inv -> Payload.of(List.of(), Map.of("id", args(inv).get(0),
                        "verbose", kwargs(inv).get("verbose"), "caller_transport", "http")))
                .register("com.example.fail", inv -> {
                    throw new ApplicationError("com.example.error.not_found", Payload.of(List.of("no such thing"),
                            Map.of("thing", 7)));
                })
                .register("com.example.never", inv -> null)
                .register("com.example.flaky", inv -> FLAKY.incrementAndGet() == 1 ? null
                        : Payload.of(List.of(), Map.of("attempt", FLAKY.get())))
                .register("com.secure.add", inv -> Payload.of(List.of(sum(inv))));
        server.gateway().load(JSON.readValue(spec(upstream.getAddress().getPort()), Object.class));
    }

    @AfterAll
    static void stop() throws Exception {
        if (callee != null) {
            callee.close();
        }
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    private static List<Object> args(io.bondy.core.message.Invocation inv) {
        return ((Payload.Arguments) inv.payload()).argsOrEmpty();
    }

    private static Map<String, Object> kwargs(io.bondy.core.message.Invocation inv) {
        return ((Payload.Arguments) inv.payload()).kwargsOrEmpty();
    }

    private static long sum(io.bondy.core.message.Invocation inv) {
        return args(inv).stream().mapToLong(o -> ((Number) o).longValue()).sum();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return send(method, path, null);
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        return JSON.readValue(r.body(), Map.class);
    }

    @Test
    void aPostBecomesAWampCallAndTheResultIsMapped() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1.0/add", "{\"numbers\": [1, 2, 39]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(r.headers().firstValue("x-api")).as("defaults.headers").hasValue("test");
        assertThat(json(r)).isEqualTo(Map.of("sum", List.of(42)));
        assertThat(send("POST", "/api/add", "{\"numbers\": [1]}").statusCode())
                .as("the base path's optional segment").isEqualTo(200);
    }

    @Test
    void bondysGenericCallPathMapsResultsAndErrorStatusCodes() throws Exception {
        HttpResponse<String> ok = send("POST", "/api/v1.0/services/call",
                "{\"procedure\": \"com.example.add\", \"args\": [2, 3], \"kwargs\": {}, \"options\": {}}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok)).containsEntry("args", List.of(5));
        HttpResponse<String> notFound = send("POST", "/api/v1.0/services/call",
                "{\"procedure\": \"com.example.fail\", \"args\": [], \"kwargs\": {}, \"options\": {}}");
        assertThat(notFound.statusCode()).as("status_codes maps the callee's error URI").isEqualTo(404);
        assertThat(json(notFound)).containsEntry("error_uri", "com.example.error.not_found")
                .containsEntry("args", List.of("no such thing")).containsEntry("kwargs", Map.of("thing", 7));
        HttpResponse<String> none = send("POST", "/api/v1.0/services/call",
                "{\"procedure\": \"com.example.nobody\", \"args\": [], \"kwargs\": {}, \"options\": {}}");
        assertThat(none.statusCode()).isEqualTo(501);
        assertThat(json(none)).containsEntry("error_uri", "wamp.error.no_such_procedure");
    }

    @Test
    void pathBindingsAndQueryParamsReachTheCall() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1.0/things/abc%20d?verbose=yes&x=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("id", "abc d").containsEntry("verbose", "yes");
    }

    @Test
    void errorsWithoutOnErrorGetTheirMappedStatusAndTheErrorAsBody() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1.0/missing");
        assertThat(r.statusCode()).isEqualTo(501);
        assertThat(json(r)).containsEntry("error_uri", "wamp.error.no_such_procedure");
    }

    @Test
    void aWampTimeoutIs504() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1.0/slow");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(json(r)).containsEntry("error_uri", "wamp.error.timeout");
    }

    @Test
    void aTimedOutCallIsRetried() throws Exception {
        FLAKY.set(0);
        HttpResponse<String> r = send("GET", "/api/v1.0/flaky");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("attempt", 2);
    }

    @Test
    void aPublishAnswersWithThePublicationIdAndSubscribersGetTheEvent() throws Exception {
        try (RawSocketClient subscriber = RawSocketClient.connect(server.rawSocketPort())) {
            subscriber.joinAnonymous(REALM);
            assertThat(subscriber.subscribe("com.example.event")).isInstanceOf(Subscribed.class);
            HttpResponse<String> r = send("POST", "/api/v1.0/events", "{\"temperature\": 21}");
            assertThat(r.statusCode()).isEqualTo(202);
            Object id = json(r).get("id");
            assertThat(id).isInstanceOf(Number.class);
            WampMessage event = subscriber.next();
            assertThat(event).isInstanceOfSatisfying(Event.class, e -> {
                assertThat(e.publicationId()).isEqualTo(((Number) id).longValue());
                assertThat(((Payload.Arguments) e.payload()).args()).containsExactly(Map.of("temperature", 21));
            });
        }
    }

    @Test
    void forwardGoesToTheUpstreamAndBringsItsAnswerBack() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1.0/upstream/alice?q=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("upstream", "/echo/alice").containsEntry("query", "q=1");
        assertThat(send("GET", "/api/v1.0/upstream/gone").statusCode()).isEqualTo(410);
    }

    @Test
    void staticAnswersWithItsHeadersAndBody() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1.0/hello");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-static")).hasValue("yes");
        assertThat(json(r)).isEqualTo(Map.of("hello", "world"));
    }

    @Test
    void messagePackIsNegotiatedBothWays() throws Exception {
        byte[] body = MSGPACK.writeValueAsBytes(Map.of("numbers", List.of(4, 5)));
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1.0/add"))
                .header("content-type", "application/msgpack").header("accept", "application/msgpack")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/msgpack"));
        assertThat(MSGPACK.readValue(r.body(), Map.class)).isEqualTo(Map.of("sum", List.of(9)));
    }

    @Test
    void badRequestsGet4xxWithJsonBodies() throws Exception {
        HttpResponse<String> notFound = send("GET", "/api/v1.0/nothing/here");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(json(notFound)).containsEntry("code", "bondy.error.not_found");

        HttpResponse<String> notAllowed = send("DELETE", "/api/v1.0/add");
        assertThat(notAllowed.statusCode()).isEqualTo(405);
        assertThat(notAllowed.headers().firstValue("allow")).hasValueSatisfying(v -> assertThat(v).contains("POST"));
        assertThat(json(notAllowed)).containsEntry("code", "bondy.error.method_not_allowed");

        HttpResponse<String> tooLarge = send("POST", "/api/v1.0/small", "{\"x\": \"0123456789abcdef\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge)).containsEntry("code", "bondy.error.payload_too_large");

        HttpResponse<String> badJson = send("POST", "/api/v1.0/add", "{\"numbers\": [1,");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(json(badJson)).containsEntry("code", "bondy.error.bad_request");

        HttpResponse<String> unsupported = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1.0/add"))
                .header("content-type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("1,2")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsupported.statusCode()).isEqualTo(415);

        HttpResponse<String> notAcceptable = send("GET", "/api/v1.0/hello", null, "accept", "text/html");
        assertThat(notAcceptable.statusCode()).isEqualTo(406);

        HttpResponse<String> missingField = send("POST", "/api/v1.0/add", "{\"nums\": [1]}");
        assertThat(missingField.statusCode()).isEqualTo(400);
        assertThat(json(missingField)).containsEntry("code", "bondy.error.http_gateway.invalid_expression");
    }

    @Test
    void headAndOptionsAreAnswered() throws Exception {
        HttpResponse<String> head = send("HEAD", "/api/v1.0/hello");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("content-length")).hasValue(17);

        HttpResponse<String> options = send("OPTIONS", "/api/v1.0/add", null, "origin", "https://app.example.com",
                "access-control-request-method", "POST");
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("allow")).hasValueSatisfying(v -> assertThat(v).contains("POST"));
        assertThat(options.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");

        HttpResponse<String> foreign = send("OPTIONS", "/api/v1.0/add", null, "origin", "https://evil.example.com");
        assertThat(foreign.headers().firstValue("access-control-allow-origin")).isEmpty();

        HttpResponse<String> specified = send("OPTIONS", "/api/v1.0/services/call");
        assertThat(specified.statusCode()).as("the spec's own options method").isEqualTo(204);
        assertThat(specified.headers().firstValue("allow")).hasValue("POST, OPTIONS");
    }

    @Test
    void oauth2PathsNeedARealmTokenAndRbacDecidesTheCall() throws Exception {
        HttpResponse<String> none = send("POST", "/api/v1.0/secure/add", "{\"numbers\": [1, 1]}");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer"));

        HttpResponse<String> wrong = send("POST", "/api/v1.0/secure/add", "{\"numbers\": [1, 1]}",
                "authorization", "Bearer not-a-token");
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<String> alice = send("POST", "/api/v1.0/secure/add", "{\"numbers\": [1, 1]}",
                "authorization", "Bearer " + token("alice", "alice-password-1"));
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(json(alice)).isEqualTo(Map.of("sum", List.of(2), "by", "alice"));

        HttpResponse<String> bob = send("POST", "/api/v1.0/secure/add", "{\"numbers\": [1, 1]}",
                "authorization", "Bearer " + token("bob", "bob-password-1"));
        assertThat(bob.statusCode()).as("bob has no wamp.call grant on com.secure.").isEqualTo(403);
        assertThat(json(bob)).containsEntry("error_uri", "wamp.error.not_authorized");
    }

    @Test
    void basicPathsCheckThePassword() throws Exception {
        String good = "Basic " + Base64.getEncoder().encodeToString("alice:alice-password-1".getBytes());
        String bad = "Basic " + Base64.getEncoder().encodeToString("alice:nope".getBytes());
        HttpResponse<String> r = send("GET", "/api/v1.0/basic/whoami", null, "authorization", good);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).isEqualTo(Map.of("you", "alice"));
        assertThat(send("GET", "/api/v1.0/basic/whoami", null, "authorization", bad).statusCode()).isEqualTo(401);
    }

    @Test
    void requestsAreCountedPerApiPathAndStatus() throws Exception {
        send("GET", "/api/v1.0/hello");
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.adminPort() + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("bondy_http_gateway_requests_total\\{api=\"com.example.test\","
                + "method=\"GET\",path=\"/hello\",status=\"200\"} [1-9]")
                .contains("bondy_http_gateway_request_duration_seconds_bucket{api=\"com.example.test\",path=\"/hello\"")
                .containsPattern("bondy_http_gateway_apis(\\{\\})? [1-9]");
    }

    @Test
    void theOpenApiDocumentIsServed() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1.0/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> doc = json(r);
        assertThat(doc).containsEntry("openapi", "3.1.0");
        @SuppressWarnings("unchecked")
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        assertThat(paths).containsKeys("/things/{id}", "/secure/add", "/services/call");
    }

    @Test
    void otherPathsStillReachTheOtherEndpoints() throws Exception {
        assertThat(send("GET", "/ws").statusCode()).as("the WebSocket endpoint's own answer").isEqualTo(426);
        assertThat(send("GET", "/elsewhere").statusCode()).isEqualTo(404);
    }

    @Test
    void aBadSpecIsRefusedWholeWithThePathOfItsFirstError() throws Exception {
        Map<?, ?> bad = JSON.readValue(spec(1).replace("\"com.example.add\"", "42").replace("com.example.test",
                "com.example.bad"), Map.class);
        assertThatThrownBy(() -> server.gateway().load(bad)).isInstanceOfSatisfying(ApiSpecException.class,
                e -> assertThat(e.path()).isEqualTo("versions.1.0.0.paths./add.post.action.procedure"));
        assertThat(server.gateway().registry().get("com.example.bad")).isEmpty();
    }

    @Test
    void adminProceduresLoadListGetAndDeleteSpecs() throws Exception {
        String spec = """
                {"id": "com.example.admin", "name": "Admin", "host": "_", "realm_uri": "com.example.api",
                 "versions": {"1": {"base_path": "/adm", "paths": {"/x": {"get": {"action": {"type": "static",
                 "body": {"x": 1}}}}}}}}""";
        try (RawSocketClient admin = RawSocketClient.connect(server.rawSocketPort());
             RawSocketClient events = RawSocketClient.connect(server.rawSocketPort())) {
            assertThat(admin.loginWampCra("com.leapsight.bondy", "admin", "admin-password-1"))
                    .isInstanceOf(io.bondy.core.message.Welcome.class);
            assertThat(events.loginWampCra("com.leapsight.bondy", "admin", "admin-password-1"))
                    .isInstanceOf(io.bondy.core.message.Welcome.class);
            assertThat(events.subscribe("bondy.http_gateway.api.loaded")).isInstanceOf(Subscribed.class);
            WampMessage loaded = admin.call("bondy.http_gateway.api.load", JSON.readValue(spec, Map.class));
            assertThat(loaded).isInstanceOf(Result.class);
            assertThat(events.next()).isInstanceOfSatisfying(Event.class, e -> assertThat(
                    ((Payload.Arguments) e.payload()).args()).containsExactly("com.example.admin"));
            assertThat(send("GET", "/adm/x").statusCode()).isEqualTo(200);
            Map<?, ?> expected = JSON.readValue(spec, Map.class);
            assertThat(admin.call("bondy.api_gateway.lookup", "com.example.admin")).isInstanceOfSatisfying(
                    Result.class, res -> assertThat(((Payload.Arguments) res.payload()).args().get(0))
                            .isEqualTo(expected));
            assertThat(admin.call("bondy.http_gateway.api.list")).isInstanceOf(Result.class);
            WampMessage bad = admin.call("bondy.http_gateway.api.load", Map.of("id", "x"));
            assertThat(bad).isInstanceOfSatisfying(io.bondy.core.message.Error.class, e -> {
                assertThat(e.error()).isEqualTo("bondy.error.invalid_data");
                assertThat(((Payload.Arguments) e.payload()).kwargs()).containsEntry("path", "name");
            });
            assertThat(admin.call("bondy.http_gateway.api.delete", "com.example.admin")).isInstanceOf(Result.class);
            assertThat(send("GET", "/adm/x").statusCode()).isEqualTo(404);
            assertThat(admin.call("bondy.http_gateway.api.get", "com.example.admin"))
                    .isInstanceOfSatisfying(io.bondy.core.message.Error.class,
                            e -> assertThat(e.error()).isEqualTo("bondy.error.not_found"));
        }
    }

    @Test
    void theAdminHttpApiLoadsAndDeletesSpecs() throws Exception {
        String spec = """
                {"id": "com.example.http", "name": "Http", "host": "_", "realm_uri": "com.example.api",
                 "versions": {"1": {"base_path": "/viahttp", "paths": {"/x": {"get": {"action": {"type": "static",
                 "body": {"x": 1}}}}}}}}""";
        String admin = "http://127.0.0.1:" + server.adminPort();
        String auth = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password-1".getBytes());
        HttpResponse<String> load = http.send(HttpRequest.newBuilder(URI.create(admin + "/services/load_api_spec"))
                .header("authorization", auth).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spec)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(load.statusCode()).isBetween(200, 204);
        await().atMost(Duration.ofSeconds(5)).until(() -> send("GET", "/viahttp/x").statusCode() == 200);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(admin + "/api_specs/com.example.http"))
                .header("authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(json(get)).containsEntry("id", "com.example.http");
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(admin + "/api_specs"))
                .header("authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.body()).contains("com.example.http");
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(admin + "/api_specs/com.example.http"))
                .header("authorization", auth).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isBetween(200, 204);
        assertThat(send("GET", "/viahttp/x").statusCode()).isEqualTo(404);
    }

    private String token(String user, String password) throws Exception {
        String form = "grant_type=password&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) json(r).get("access_token");
    }
}
