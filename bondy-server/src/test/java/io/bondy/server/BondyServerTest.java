package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Goodbye;
import io.bondy.core.message.Hello;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.store.StoreException;
import io.bondy.server.config.ConfigLoader;
import io.bondy.server.config.ServerConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The wired node: config → router → listeners → graceful shutdown, over a real RawSocket. */
@Timeout(30)
class BondyServerTest {

    private static final Serializer JSON = Serializers.of(SerializerKind.JSON);

    @TempDir
    Path dataDir;

    @Test
    void nodeStartsFromConfigAcceptsASessionAndSaysGoodbyeOnShutdown() throws IOException {
        BondyServer server = new BondyServer(config());
        server.start();
        try (Socket socket = new Socket("127.0.0.1", server.rawSocketPort())) {
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(new byte[] {0x7F, (byte) 0xF1, 0, 0}); // 16 MiB, JSON
            byte[] reply = in.readNBytes(4);
            assertThat(reply[0]).isEqualTo((byte) 0x7F);
            assertThat(reply[1] & 0x0F).as("serializer echoed").isEqualTo(1);

            send(out, new Hello("realm1", Map.of("roles", Map.of("subscriber", Map.of()))));
            assertThat(receive(in)).isInstanceOf(Welcome.class);
            assertThat(server.router().sessionCount()).isEqualTo(1);

            Thread closer = new Thread(server::close);
            closer.start();
            WampMessage goodbye = receive(in);
            assertThat(goodbye).isInstanceOf(Goodbye.class);
            assertThat(((Goodbye) goodbye).reason()).isEqualTo(WampErrors.SYSTEM_SHUTDOWN);
            send(out, new Goodbye(Map.of(), WampErrors.GOODBYE_AND_OUT));
            assertThat(in.read()).as("connection closed after the goodbye").isEqualTo(-1);
            closer.join(10_000);
            assertThat(closer.isAlive()).isFalse();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
    }

    @Test
    void aSessionsJoinAndLeaveAreLoggedAtInfoWithRealmAuthidAuthmethodAndPeer() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                io.bondy.core.router.session.ClientSession.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (BondyServer server = new BondyServer(config())) {
            server.start();
            try (RawSocketClient client = RawSocketClient.connect(server.rawSocketPort())) {
                assertThat(client.joinAnonymous("realm1")).isInstanceOf(Welcome.class);
                client.send(new Goodbye(Map.of(), WampErrors.GOODBYE_AND_OUT));
                assertThat(client.next()).isInstanceOf(Goodbye.class);
            }
        } finally {
            logger.detachAppender(lines);
        }
        List<String> info = lines.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO)
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        assertThat(info).anySatisfy(line -> assertThat(line).contains("joined realm realm1").contains("anonymous")
                .contains("authmethod anonymous").contains("rawsocket").contains("127.0.0.1"));
        assertThat(info).anySatisfy(line -> assertThat(line).contains("left realm realm1").contains("127.0.0.1"));
    }

    @Test
    void adminHttpAnswersPingReadyAndMetricsAndRefusesTheRestWithJson() throws Exception {
        BondyServer server = new BondyServer(config());
        server.start();
        try (Socket socket = new Socket("127.0.0.1", server.rawSocketPort())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            socket.setSoTimeout(5_000);
            out.write(new byte[] {0x7F, (byte) 0xF1, 0, 0});
            in.readNBytes(4);
            send(out, new Hello("realm1", Map.of("roles", Map.of("subscriber", Map.of()))));
            receive(in);

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.adminPort();
            HttpResponse<String> ping = get(http, base + "/ping");
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.body()).contains("pong");
            assertThat(get(http, base + "/ready").statusCode()).isEqualTo(200);

            HttpResponse<String> metrics = get(http, base + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("bondy_messages_received_total{type=\"hello\"} 1.0")
                    .contains("bondy_sessions_active{realm=\"realm1\"} 1.0")
                    .contains("jvm_memory_used_bytes")
                    .contains("bondy_transport_received_bytes_total{transport=\"rawsocket\"}")
                    .contains("netty_allocator_memory_used");

            HttpResponse<String> missing = get(http, base + "/nope");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("content-type")).contains("application/json");
            assertThat(missing.body()).contains("\"error\":\"bondy.error.not_found\"");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/ping"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.body()).contains("\"error\":\"bondy.error.method_not_allowed\"");
        } finally {
            server.close();
        }
        assertThat(server.isReady()).isFalse();
    }

    @Test
    void storeWritesSurviveARestartOfTheNode() {
        try (BondyServer node = new BondyServer(config())) {
            node.start();
            node.store().put("realm/com.example", "{}".getBytes(StandardCharsets.UTF_8));
        }

        try (BondyServer restarted = new BondyServer(config())) {
            restarted.start();
            assertThat(restarted.store().get("realm/com.example")).isPresent();
            assertThat(restarted.store().node()).isEqualTo(config().nodename());
        }
        assertThat(dataDir.resolve("store/CURRENT")).exists();
    }

    @Test
    void secondNodeOnTheSameDataDirectoryRefusesToStart() {
        try (BondyServer first = new BondyServer(config()); BondyServer second = new BondyServer(config())) {
            first.start();

            assertThatThrownBy(second::start).isInstanceOf(StoreException.class)
                    .hasMessageContaining("data directory " + dataDir.resolve("store"));
        }
    }

    @Test
    void badConfigurationStopsTheStartWithExitCodeTwo() {
        assertThat(Main.run(new String[0], Map.of("BONDY_WAMP_TCP_PORT", "-1"))).isEqualTo(2);
        assertThat(Main.run(new String[] {"--nonsense"}, Map.of())).as("usage error").isEqualTo(2);
    }

    private ServerConfig config() {
        return new ConfigLoader(Map.of("BONDY_API_GATEWAY_HTTP_PORT", "0", "BONDY_WAMP_TCP_PORT", "0",
                "BONDY_ADMIN_API_HTTP_PORT", "0", "BONDY_PLATFORM_DATA_DIR", dataDir.toString())).load(null);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void send(DataOutputStream out, WampMessage m) throws IOException {
        byte[] bytes = JSON.encode(m);
        out.writeInt(bytes.length); // frame type 0 and a 24-bit length
        out.write(bytes);
        out.flush();
    }

    private static WampMessage receive(DataInputStream in) throws IOException {
        int header = in.readInt();
        byte[] bytes = in.readNBytes(header & 0xFFFFFF);
        return JSON.decode(bytes);
    }
}
