package io.bondy.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.message.Payload;
import io.bondy.core.router.session.InternalSession;
import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.TransportInfo;
import io.bondy.server.BondyServer;
import io.bondy.server.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin REST API end to end: a node in this JVM on random ports, driven by the JDK's HTTP client. */
@Timeout(60)
class AdminHttpApiTest {

    private static final String PASSWORD = "s3cret-admin";
    private static final String MASTER = "com.leapsight.bondy";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    private static BondyServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String base;

    @BeforeAll
    static void start() {
        server = new BondyServer(new ConfigLoader(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0", "BONDY_WAMP_TCP_PORT", "0",
                "BONDY_ADMIN_API_HTTP_PORT", "0", "BONDY_PLATFORM_DATA_DIR", dataDir.toString(),
                "BONDY_ADMIN_PASSWORD", PASSWORD, "BONDY_SECURITY_THROTTLE_MAX_FAILURES", "1000",
                "BONDY_SECURITY_THROTTLE_AUTHID_MAX_FAILURES", "1000")).load(null));
        server.start();
        base = "http://127.0.0.1:" + server.adminPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void requestsWithoutOrWithWrongCredentialsGet401WithAJsonError() throws Exception {
        HttpResponse<String> none = send("GET", "/realms/" + MASTER + "/users", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(json(none)).containsEntry("error", "wamp.error.authentication_failed");

        assertThat(send("GET", "/realms/" + MASTER + "/users", basic("admin", "wrong-password"), null).statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/realms/" + MASTER + "/users", basic("nobody", PASSWORD), null).statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/realms/" + MASTER + "/users", "Bearer not.a-ticket", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthRoutesStayOpenWithoutCredentials() throws Exception {
        assertThat(send("GET", "/ping", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = send("GET", "/ready", null, null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready)).containsEntry("status", "ready")
                .containsKey("checks");
        assertThat((Map<Object, Object>) json(ready).get("checks")).containsEntry("store", "ok").containsEntry("wamp_listeners", "ok");
    }

    @Test
    @SuppressWarnings("unchecked")
    void readinessFailsWhileAnAddedCheckFails() throws Exception {
        server.addReadinessCheck("cluster_joined", () -> false);
        try {
            HttpResponse<String> ready = send("GET", "/ready", null, null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready)).containsEntry("status", "not_ready");
            assertThat((Map<Object, Object>) json(ready).get("checks")).containsEntry("cluster_joined", "failing");
        } finally {
            server.addReadinessCheck("cluster_joined", () -> true);
        }
        assertThat(send("GET", "/ready", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void realmsCanBeListedCreatedReadAndDeleted() throws Exception {
        HttpResponse<String> realms = send("GET", "/realms", admin(), null);
        assertThat(realms.statusCode()).as(realms.body()).isEqualTo(200);
        assertThat(realms.body()).contains(MASTER);
        assertThat(send("POST", "/realms", admin(), "{\"uri\":\"com.example.http\"}").statusCode()).isEqualTo(201);
        assertThat(send("GET", "/realms/com.example.http", admin(), null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/realms/com.example.http", admin(), null).statusCode()).isEqualTo(204);
    }

    @Test
    void basicAuthAndABearerTicketBothAuthenticate() throws Exception {
        HttpResponse<String> users = send("GET", "/realms/" + MASTER + "/users", admin(), null);
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(JSON.readValue(users.body(), List.class)).anySatisfy(u ->
                assertThat(((Map<?, ?>) u).get("username")).isEqualTo("admin"));

        HttpResponse<String> withTicket = send("GET", "/realms/" + MASTER + "/users", "Bearer " + adminTicket(), null);
        assertThat(withTicket.statusCode()).isEqualTo(200);
    }

    @Test
    void userCanBeCreatedListedReadAndDeleted() throws Exception {
        String users = "/realms/" + MASTER + "/users";
        HttpResponse<String> created = send("POST", users, admin(), "{\"username\":\"alice\",\"password\":\"alice-pw-1\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created)).containsEntry("username", "alice").doesNotContainKey("password");

        assertThat(send("GET", users, admin(), null).body()).contains("\"alice\"");
        HttpResponse<String> one = send("GET", users + "/alice", admin(), null);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one)).containsEntry("username", "alice");

        assertThat(send("DELETE", users + "/alice", admin(), null).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = send("GET", users + "/alice", admin(), null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone)).containsEntry("error", "bondy.error.not_found").containsKey("message");
    }

    @Test
    void errorUrisMapToHttpStatuses() throws Exception {
        String groups = "/realms/" + MASTER + "/groups";
        assertThat(send("POST", groups, admin(), "{\"name\":\"ops\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> again = send("POST", groups, admin(), "{\"name\":\"ops\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again)).containsEntry("error", "bondy.error.already_exists");

        HttpResponse<String> noRealm = send("GET", "/realms/com.example.nope/users", admin(), null);
        assertThat(noRealm.statusCode()).isEqualTo(404);
        assertThat(json(noRealm)).containsEntry("error", "wamp.error.no_such_realm");

        HttpResponse<String> badArgument = send("POST", groups, admin(), "[1, 2]");
        assertThat(badArgument.statusCode()).isEqualTo(400);
        assertThat(json(badArgument)).containsEntry("error", "wamp.error.invalid_argument");

        assertThat(send("GET", "/realms/" + MASTER + "/nothing-here", admin(), null).statusCode()).isEqualTo(404);
        assertThat(send("PUT", groups, admin(), "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void userWithoutGrantsIsAuthenticatedButForbidden() throws Exception {
        String users = "/realms/" + MASTER + "/users";
        assertThat(send("POST", users, admin(), "{\"username\":\"bob\",\"password\":\"bob-pw-12\"}").statusCode())
                .isEqualTo(201);
        assertThat(send("POST", "/realms/" + MASTER + "/sources", admin(),
                "{\"usernames\":[\"bob\"],\"authmethod\":\"password\",\"cidr\":\"0.0.0.0/0\"}").statusCode())
                .isEqualTo(201);

        HttpResponse<String> denied = send("GET", users, basic("bob", "bob-pw-12"), null);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied)).containsEntry("error", "wamp.error.not_authorized");
        assertThat(send("GET", "/realms/" + MASTER + "/registrations", basic("bob", "bob-pw-12"), null).statusCode())
                .isEqualTo(403);

        HttpResponse<String> grant = send("POST", "/realms/" + MASTER + "/grants", admin(),
                "{\"permissions\":[\"wamp.call\"],\"resources\":[{\"uri\":\"bondy.user.list\",\"match\":\"exact\"}],\"roles\":[\"bob\"]}");
        assertThat(grant.statusCode()).as(grant.body()).isEqualTo(204);
        assertThat(send("GET", users, basic("bob", "bob-pw-12"), null).statusCode()).isEqualTo(200);
        assertThat(send("GET", users + "/bob/grants", admin(), null).body()).contains("bondy.user.list");

        assertThat(send("DELETE", "/realms/" + MASTER + "/grants", admin(),
                "{\"permissions\":[\"wamp.call\"],\"resources\":[{\"uri\":\"bondy.user.list\",\"match\":\"exact\"}],\"roles\":[\"bob\"]}")
                .statusCode()).isEqualTo(204);
        assertThat(send("GET", users, basic("bob", "bob-pw-12"), null).statusCode()).isEqualTo(403);
    }

    @Test
    void userUpdateWithPutAndBondysChangePasswordRoute() throws Exception {
        String erin = "/realms/" + MASTER + "/users/erin";
        assertThat(send("POST", "/realms/" + MASTER + "/users", admin(),
                "{\"username\":\"erin\",\"password\":\"erin-old-pw\"}").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/realms/" + MASTER + "/sources", admin(),
                "{\"usernames\":[\"erin\"],\"authmethod\":\"password\",\"cidr\":\"127.0.0.0/8\"}").statusCode())
                .isEqualTo(201);
        HttpResponse<String> updated = send("PUT", erin, admin(), "{\"meta\":{\"team\":\"blue\"}}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(json(updated)).containsEntry("meta", Map.of("team", "blue"));

        assertThat(send("POST", erin + "/change_password", admin(), "{\"new_password\":\"erin-new-pw\"}")
                .statusCode()).isEqualTo(204);
        // Authenticated but without grants: 403 with the new password, 401 with the old one.
        assertThat(send("GET", erin, basic("erin", "erin-new-pw"), null).statusCode()).isEqualTo(403);
        assertThat(send("GET", erin, basic("erin", "erin-old-pw"), null).statusCode()).isEqualTo(401);
    }

    @Test
    void sessionsRouteListsTheSessionsOfAnotherRealm() throws Exception {
        HttpResponse<String> sessions = send("GET", "/realms/realm1/sessions", admin(), null);
        assertThat(sessions.statusCode()).as(sessions.body()).isEqualTo(200);
        assertThat(JSON.readValue(sessions.body(), List.class)).isEmpty();
    }

    @Test
    void metaRoutesListTheRealmsRegistrations() throws Exception {
        HttpResponse<String> regs = send("GET", "/realms/" + MASTER + "/registrations", admin(), null);
        assertThat(regs.statusCode()).as(regs.body()).isEqualTo(200);
        HttpResponse<String> realm1 = send("GET", "/realms/realm1/subscriptions", admin(), null);
        assertThat(realm1.statusCode()).as(realm1.body()).isEqualTo(200);
    }

    @Test
    void badJsonAndOversizedBodiesAreRefusedWithJson() throws Exception {
        HttpResponse<String> bad = send("POST", "/realms/" + MASTER + "/users", admin(), "{\"username\": ");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("content-type")).contains("application/json");
        assertThat(json(bad)).containsEntry("error", "wamp.error.invalid_argument");

        String huge = "{\"username\":\"" + "x".repeat(100_000) + "\"}";
        HttpResponse<String> tooLarge = send("POST", "/realms/" + MASTER + "/users", admin(), huge);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge)).containsEntry("error", "bondy.error.payload_too_large");
    }

    private String adminTicket() throws Exception {
        InternalSession session = InternalSession.actingFor(server.router(), server.router().realm(MASTER).orElseThrow(),
                new AuthIdentity("admin", "user", "wampcra", "bondy", Map.of()), new TransportInfo("test", null, null));
        try {
            Payload result = session.call("bondy.ticket.issue", Payload.NONE, Map.of()).get(10, TimeUnit.SECONDS);
            return (String) ((Map<?, ?>) ((Payload.Arguments) result).args().get(0)).get("ticket");
        } finally {
            session.leave();
        }
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSON.readValue(response.body(), Map.class);
    }

    private static String admin() {
        return basic("admin", PASSWORD);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
