package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.message.Abort;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.server.config.ConfigLoader;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API gateway's OAuth2 endpoints end to end: a node in this JVM on random ports; tokens obtained
 * with the JDK's HTTP client on the WebSocket port, then used by a WAMP client over RawSocket with
 * the {@code oauth2} auth method.
 */
@Timeout(60)
class OAuth2EndpointTest {

    private static final String REALM = "com.example.app";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    private static BondyServer server;
    private static String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path provisioning = dataDir.resolve("security.json");
        Files.writeString(provisioning, """
                [{"uri": "com.example.app", "authmethods": ["oauth2", "wampcra"], "security_enabled": true,
                  "users": [{"username": "alice", "password": "alice-password"},
                            {"username": "app-client", "password": "client-secret-1"},
                            {"username": "bob", "password": "bob-password"}],
                  "sources": [{"usernames": ["alice", "app-client", "bob"], "authmethod": "password",
                               "cidr": "127.0.0.0/8"},
                              {"usernames": ["alice", "app-client", "bob"], "authmethod": "oauth2",
                               "cidr": "127.0.0.0/8"}],
                  "grants": [{"roles": ["all"], "permissions": ["wamp.call"],
                              "resources": [{"uri": "bondy.ping", "match": "exact"}]}]}]
                """);
        server = new BondyServer(new ConfigLoader(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0", "BONDY_WAMP_TCP_PORT", "0",
                "BONDY_ADMIN_API_HTTP_PORT", "0", "BONDY_PLATFORM_DATA_DIR", dataDir.resolve("data").toString(),
                "BONDY_ADMIN_PASSWORD", "admin-password-1", "BONDY_SECURITY_THROTTLE_MAX_FAILURES", "1000",
                "BONDY_SECURITY_THROTTLE_AUTHID_MAX_FAILURES", "1000",
                "BONDY_SECURITY_CONFIG_FILE", provisioning.toString(),
                "BONDY_API_GATEWAY_OAUTH2_REALM", REALM)).load(null));
        server.start();
        base = "http://127.0.0.1:" + server.webSocketPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPasswordGrantTokenOpensAWampSessionWithOAuth2() throws Exception {
        HttpResponse<String> r = post("/oauth/token", null, Map.of("grant_type", "password", "username", "alice",
                "password", "alice-password"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        Map<String, Object> body = json(r);
        assertThat(body).containsEntry("token_type", "bearer").containsEntry("expires_in", 900)
                .containsKeys("access_token", "refresh_token");

        try (RawSocketClient wamp = RawSocketClient.connect(server.rawSocketPort())) {
            WampMessage welcome = wamp.loginOAuth2(REALM, "alice", (String) body.get("access_token"));
            assertThat(welcome).isInstanceOf(Welcome.class);
            assertThat(((Welcome) welcome).details()).containsEntry("authid", "alice")
                    .containsEntry("authmethod", "oauth2");
            assertThat(wamp.call("bondy.ping")).isInstanceOf(Result.class);
        }
        try (RawSocketClient wamp = RawSocketClient.connect(server.rawSocketPort())) {
            assertThat(wamp.loginOAuth2(REALM, "bob", (String) body.get("access_token")))
                    .as("alice's token is not bob's").isInstanceOf(Abort.class);
        }
    }

    @Test
    void aRefreshGivesNewTokensAndRetiresTheOldRefreshToken() throws Exception {
        Map<String, Object> first = json(post("/oauth/token", null, Map.of("grant_type", "password",
                "username", "alice", "password", "alice-password")));
        HttpResponse<String> refreshed = post("/oauth/token", null, Map.of("grant_type", "refresh_token",
                "refresh_token", (String) first.get("refresh_token")));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        Map<String, Object> second = json(refreshed);
        assertThat(second.get("access_token")).isNotEqualTo(first.get("access_token"));
        assertThat(second.get("refresh_token")).isNotEqualTo(first.get("refresh_token"));
        try (RawSocketClient wamp = RawSocketClient.connect(server.rawSocketPort())) {
            assertThat(wamp.loginOAuth2(REALM, "alice", (String) second.get("access_token"))).isInstanceOf(Welcome.class);
        }

        HttpResponse<String> again = post("/oauth/token", null, Map.of("grant_type", "refresh_token",
                "refresh_token", (String) first.get("refresh_token")));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again)).containsEntry("error", "invalid_grant");
        try (RawSocketClient wamp = RawSocketClient.connect(server.rawSocketPort())) {
            assertThat(wamp.loginOAuth2(REALM, "alice", (String) first.get("refresh_token")))
                    .as("a refresh token is no WAMP credential").isInstanceOf(Abort.class);
        }
    }

    @Test
    void aRevokedAccessTokenIsRefused() throws Exception {
        String token = (String) json(post("/oauth/token", null, Map.of("grant_type", "password",
                "username", "alice", "password", "alice-password"))).get("access_token");
        HttpResponse<String> revoked = post("/oauth/revoke", null, Map.of("token", token,
                "token_type_hint", "access_token"));
        assertThat(revoked.statusCode()).isEqualTo(200);
        try (RawSocketClient wamp = RawSocketClient.connect(server.rawSocketPort())) {
            WampMessage reply = wamp.loginOAuth2(REALM, "alice", token);
            assertThat(reply).isInstanceOf(Abort.class);
            assertThat(((Abort) reply).reason()).isEqualTo("wamp.error.authentication_failed");
        }
        assertThat(post("/oauth/revoke", null, Map.of("token", "not-a-token")).statusCode())
                .as("RFC 7009: an unknown token is no error").isEqualTo(200);
    }

    @Test
    void clientCredentialsNeedAnAuthenticatedClientAndBindTheRefreshToken() throws Exception {
        HttpResponse<String> cc = post("/oauth/token", basic("app-client", "client-secret-1"),
                Map.of("grant_type", "client_credentials"));
        assertThat(cc.statusCode()).isEqualTo(200);
        assertThat(json(cc)).containsKey("access_token").doesNotContainKey("refresh_token");
        try (RawSocketClient wamp = RawSocketClient.connect(server.rawSocketPort())) {
            assertThat(wamp.loginOAuth2(REALM, "app-client", (String) json(cc).get("access_token")))
                    .isInstanceOf(Welcome.class);
        }

        HttpResponse<String> noClient = post("/oauth/token", null, Map.of("grant_type", "client_credentials"));
        assertThat(noClient.statusCode()).isEqualTo(401);
        assertThat(noClient.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Basic"));
        assertThat(json(noClient)).containsEntry("error", "invalid_client");
        assertThat(post("/oauth/token", basic("app-client", "wrong"), Map.of("grant_type", "client_credentials"))
                .statusCode()).isEqualTo(401);

        Map<String, Object> viaClient = json(post("/oauth/token", basic("app-client", "client-secret-1"),
                Map.of("grant_type", "password", "username", "alice", "password", "alice-password")));
        HttpResponse<String> withoutClient = post("/oauth/token", null, Map.of("grant_type", "refresh_token",
                "refresh_token", (String) viaClient.get("refresh_token")));
        assertThat(withoutClient.statusCode()).as("bound to app-client").isEqualTo(400);
        assertThat(post("/oauth/token", basic("app-client", "client-secret-1"), Map.of("grant_type", "refresh_token",
                "refresh_token", (String) viaClient.get("refresh_token"))).statusCode()).isEqualTo(200);
    }

    @Test
    void badRequestsGet4xxWithAnRfc6749JsonError() throws Exception {
        assertError(post("/oauth/token", null, Map.of("grant_type", "password", "username", "alice",
                "password", "wrong-password")), 400, "invalid_grant");
        assertError(post("/oauth/token", null, Map.of("username", "alice")), 400, "invalid_request");
        assertError(post("/oauth/token", null, Map.of("grant_type", "password")), 400, "invalid_request");
        assertError(post("/oauth/token", null, Map.of("grant_type", "authorization_code", "code", "x")), 400,
                "unsupported_grant_type");
        assertError(post("/oauth/token", null, Map.of("grant_type", "refresh_token", "refresh_token", "garbage")), 400,
                "invalid_grant");
        assertError(post("/oauth/token", "Bearer abc", Map.of("grant_type", "password")), 401, "invalid_client");
        assertError(post("/oauth/revoke", null, Map.of("token", "x", "token_type_hint", "id_token")), 400,
                "unsupported_token_type");
        assertError(post("/oauth/revoke", null, Map.of()), 400, "invalid_request");
        assertError(raw("POST", "/oauth/token", "application/json", "{\"grant_type\": \"password\"}"), 400,
                "invalid_request");
        assertError(raw("POST", "/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=password&grant_type=client_credentials"), 400, "invalid_request");
        assertError(raw("POST", "/oauth/token", "application/x-www-form-urlencoded", "grant_type=%zz"), 400,
                "invalid_request");
        HttpResponse<String> get = raw("GET", "/oauth/token", null, null);
        assertError(get, 405, "invalid_request");
        assertThat(get.headers().firstValue("allow")).hasValue("POST");
        assertThat(raw("POST", "/oauth/token", "application/x-www-form-urlencoded", "x=" + "a".repeat(20_000))
                .statusCode()).as("a body over the HTTP limit").isEqualTo(413);
        assertThat(raw("GET", "/elsewhere", null, null).statusCode()).as("other paths are the WebSocket port's")
                .isEqualTo(404);
    }

    private static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(json(r)).containsEntry("error", error).containsKey("error_description");
    }

    private HttpResponse<String> post(String path, String authorization, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> raw(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        return new LinkedHashMap<>(JSON.readValue(r.body(), Map.class));
    }
}
