package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.server.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long-poll transport in the packaged server, turned on by its keys, beside the API gateway and OAuth2
 * routes of the same port: a client joins realm1 over plain HTTP (JDK HttpClient) and leaves.
 */
@Timeout(60)
class LongPollServerTest {

    @TempDir
    Path dir;

    @Test
    void aClientJoinsOverLongPollWhenItIsTurnedOn() throws Exception {
        BondyServer server = new BondyServer(new ConfigLoader(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0",
                "BONDY_WAMP_TCP_PORT", "0", "BONDY_ADMIN_API_HTTP_PORT", "0",
                "BONDY_PLATFORM_DATA_DIR", dir.resolve("data").toString(), "BONDY_WAMP_LONGPOLL_ENABLED", "on",
                "BONDY_WAMP_LONGPOLL_PATH", "/wamp/longpoll")).load(null));
        try {
            server.start();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + server.webSocketPort() + "/wamp/longpoll";
            HttpResponse<String> opened = post(http, base + "/open", "{\"protocols\":[\"wamp.2.json\"]}");
            assertThat(opened.statusCode()).isEqualTo(200);
            Matcher id = Pattern.compile("\"transport\":\"([A-Za-z0-9_-]+)\"").matcher(opened.body());
            assertThat(id.find()).as(opened.body()).isTrue();
            String transport = base + "/" + id.group(1);

            assertThat(post(http, transport + "/send", "[1,\"realm1\",{\"roles\":{\"subscriber\":{}}}]")
                    .statusCode()).isEqualTo(202);
            HttpResponse<String> welcome = post(http, transport + "/receive", "");
            assertThat(welcome.statusCode()).isEqualTo(200);
            assertThat(welcome.body()).startsWith("[2,");
            assertThat(post(http, transport + "/close", "").statusCode()).isEqualTo(202);
            assertThat(post(http, transport + "/receive", "").statusCode()).isEqualTo(404);
        } finally {
            server.close();
        }
    }

    private static HttpResponse<String> post(HttpClient http, String uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
