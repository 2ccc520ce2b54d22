package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.message.Abort;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.server.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An access token from the endpoint stops opening WAMP sessions once its configured lifetime is over. */
@Timeout(60)
class OAuth2ExpiryTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void anExpiredAccessTokenIsRefused() throws Exception {
        Path provisioning = dir.resolve("security.json");
        Files.writeString(provisioning, """
                [{"uri": "com.example.app", "authmethods": ["oauth2"], "security_enabled": true,
                  "users": [{"username": "alice", "password": "alice-password"}],
                  "sources": [{"usernames": ["alice"], "authmethod": "password", "cidr": "127.0.0.0/8"},
                              {"usernames": ["alice"], "authmethod": "oauth2", "cidr": "127.0.0.0/8"}]}]
                """);
        try (BondyServer server = new BondyServer(new ConfigLoader(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0",
                "BONDY_WAMP_TCP_PORT", "0", "BONDY_ADMIN_API_HTTP_ENABLED", "off",
                "BONDY_PLATFORM_DATA_DIR", dir.resolve("data").toString(), "BONDY_ADMIN_PASSWORD", "admin-password-1",
                "BONDY_SECURITY_CONFIG_FILE", provisioning.toString(), "BONDY_API_GATEWAY_OAUTH2_REALM", "com.example.app",
                "BONDY_API_GATEWAY_OAUTH2_ACCESS_TOKEN_TTL", "5s")).load(null))) {
            server.start();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.webSocketPort() + "/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=alice&password=alice-password"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> body = new ObjectMapper().readValue(r.body(), Map.class);
            assertThat(body).containsEntry("expires_in", 5);
            String token = (String) body.get("access_token");
            assertThat(login(server, token)).as("fresh").isInstanceOf(Welcome.class);

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> login(server, token) instanceof Abort);
        }
    }

    private static WampMessage login(BondyServer server, String token) throws Exception {
        try (RawSocketClient wamp = RawSocketClient.connect(server.rawSocketPort())) {
            return wamp.loginOAuth2("com.example.app", "alice", token);
        }
    }
}
