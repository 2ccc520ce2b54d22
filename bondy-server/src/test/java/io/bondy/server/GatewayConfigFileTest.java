package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.server.config.ConfigException;
import io.bondy.server.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code api_gateway.config_file}: specs loaded at start; a bad file stops the start, naming the error. */
@Timeout(60)
class GatewayConfigFileTest {

    @TempDir
    Path dir;

    private Map<String, String> env(Path file) {
        Map<String, String> env = new HashMap<>();
        env.put("BONDY_API_GATEWAY_HTTP_PORT", "0");
        env.put("BONDY_WAMP_TCP_PORT", "0");
        env.put("BONDY_ADMIN_API_HTTP_ENABLED", "off");
        env.put("BONDY_PLATFORM_DATA_DIR", dir.resolve("data").toString());
        env.put("BONDY_ADMIN_PASSWORD", "admin-password-1");
        env.put("BONDY_STORE_SYNC_WRITES", "off");
        env.put("BONDY_API_GATEWAY_CONFIG_FILE", file.toString());
        return env;
    }

    private static String spec(String id, String base, String procedure) {
        return """
                {"id": "%s", "name": "File", "host": "_", "realm_uri": "realm1",
                 "versions": {"1": {"base_path": "%s", "paths": {"/p": {
                   "get": {"action": {"type": "static", "body": {"from": "file"}}},
                   "post": {"action": {"type": "wamp_call", "procedure": %s}}}}}}}""".formatted(id, base, procedure);
    }

    @Test
    void specsInTheFileAreServedAtStart() throws Exception {
        Path file = dir.resolve("api.json");
        Files.writeString(file, "[" + spec("com.example.f1", "/f1", "\"a.b\"") + ","
                + spec("com.example.f2", "/f2", "\"a.b\"") + "]");
        try (BondyServer server = new BondyServer(new ConfigLoader(env(file)).load(null))) {
            server.start();
            HttpClient http = HttpClient.newHttpClient();
            for (String base : new String[] {"/f1", "/f2"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.webSocketPort() + base + "/p")).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("{\"from\":\"file\"}");
            }
        }
    }

    @Test
    void aBadSpecInTheFileStopsTheStartNamingItsPath() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, spec("com.example.bad", "/bad", "42"));
        BondyServer server = new BondyServer(new ConfigLoader(env(file)).load(null));
        try {
            assertThatThrownBy(server::start).hasMessageContaining("api_gateway.config_file")
                    .hasMessageContaining("versions.1.paths./p.post.action.procedure: expected a URI or an expression");
        } finally {
            server.close();
        }
    }

    @Test
    void gatewayKeysAreChecked() {
        Map<String, String> env = env(dir.resolve("missing.json"));
        assertThatThrownBy(() -> new ConfigLoader(env).load(null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("api_gateway.config_file");
        env.remove("BONDY_API_GATEWAY_CONFIG_FILE");
        env.put("BONDY_API_GATEWAY_CORS_ALLOWED_ORIGINS", "example.com");
        assertThatThrownBy(() -> new ConfigLoader(env).load(null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("api_gateway.cors.allowed_origins");
        env.remove("BONDY_API_GATEWAY_CORS_ALLOWED_ORIGINS");
        env.put("BONDY_API_GATEWAY_HTTP_MAX_BODY_SIZE", "10");
        assertThatThrownBy(() -> new ConfigLoader(env).load(null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("api_gateway.http.max_body_size");
    }
}
