package io.bondy.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.spi.RouterMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin HTTP listener's limits over real sockets (issue 18): idle and half-sent connections are
 * closed at their deadlines, answers that leave the stream in doubt close the connection, and the
 * connection past the cap is refused with a 503.
 */
@Timeout(60)
class AdminHttpLimitsTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(800);
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(800);
    private static final int CAP = 2;

    private final Map<String, AtomicInteger> counted = new ConcurrentHashMap<>();
    private final RouterMetrics metrics = new RouterMetrics() {
        @Override
        public void connectionRefused(String listener) {
            counted.computeIfAbsent(listener + "/refused", k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void connectionTimedOut(String listener, String deadline) {
            counted.computeIfAbsent(listener + "/" + deadline, k -> new AtomicInteger()).incrementAndGet();
        }
    };
    private final List<Socket> sockets = new ArrayList<>();
    private AdminHttpServer server;

    private AdminHttpServer start(Duration idle) {
        return start(idle, CAP);
    }

    private AdminHttpServer start(Duration idle, int cap) {
        server = new AdminHttpServer(new AdminHttpConfig(true, "127.0.0.1", 0, REQUEST_TIMEOUT, idle, cap),
                Map.of("/ping", () -> HttpReply.json(200, "{\"ok\":true}")), request -> HttpReply.json(200, "{}"),
                metrics);
        server.start();
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5000);
        sockets.add(s);
        return s;
    }

    private int count(String key) {
        AtomicInteger n = counted.get(key);
        return n == null ? 0 : n.get();
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** One response, framed by its Content-Length: the head (lower-cased) and the body. */
    private static String[] readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the end of the head: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int at = h.indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(h.substring(at + 15, h.indexOf("\r\n", at)).trim());
        return new String[] {h, new String(in.readNBytes(length), StandardCharsets.UTF_8)};
    }

    /** Whether the server closes the connection within a few seconds (reading and dropping what comes). */
    private static boolean closes(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // drop
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
        start(IDLE_TIMEOUT);
        Socket s = connect();
        long start = System.nanoTime();

        assertThat(closes(s.getInputStream())).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(IDLE_TIMEOUT.toMillis() - 100);
        assertThat(count("admin_http/idle")).isEqualTo(1);
    }

    @Test
    void aKeepAliveConnectionIsClosedAfterTheIdleTimeoutFollowingItsAnswer() throws IOException {
        start(IDLE_TIMEOUT);
        Socket s = connect();
        send(s, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
        String[] first = readResponse(s.getInputStream());
        assertThat(first[0]).startsWith("http/1.1 200").doesNotContain("connection: close");
        send(s, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(readResponse(s.getInputStream())[1]).isEqualTo("{\"ok\":true}");
        long answered = System.nanoTime();

        assertThat(closes(s.getInputStream())).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered))
                .isGreaterThanOrEqualTo(IDLE_TIMEOUT.toMillis() - 100);
    }

    @Test
    void aHalfSentRequestGets408AfterTheRequestTimeoutAndIsClosed() throws IOException {
        start(Duration.ofSeconds(30));
        Socket s = connect();
        long start = System.nanoTime();
        send(s, "POST /realms/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\"");

        String[] reply = readResponse(s.getInputStream());
        assertThat(reply[0]).startsWith("http/1.1 408").contains("connection: close");
        assertThat(reply[1]).contains("\"error\":\"bondy.error.request_timeout\"");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(REQUEST_TIMEOUT.toMillis() - 100);
        assertThat(closes(s.getInputStream())).isTrue();
        assertThat(count("admin_http/request")).isEqualTo(1);
    }

    @Test
    void aSlowHeaderIsAHalfSentRequestToo() throws IOException {
        start(Duration.ofSeconds(30));
        Socket s = connect();
        send(s, "GET /pi");

        assertThat(readResponse(s.getInputStream())[0]).startsWith("http/1.1 408");
        assertThat(closes(s.getInputStream())).isTrue();
    }

    @Test
    void a413CarriesConnectionCloseAndTheSocketCloses() throws IOException {
        start(Duration.ofSeconds(30));
        Socket s = connect();
        send(s, "POST /realms/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 70000\r\n\r\n"
                + "x".repeat(1000));

        String[] reply = readResponse(s.getInputStream());
        assertThat(reply[0]).startsWith("http/1.1 413").contains("connection: close");
        assertThat(reply[1]).contains("\"error\":\"bondy.error.payload_too_large\"");
        assertThat(closes(s.getInputStream())).isTrue();
    }

    @Test
    void aClientStillSendingItsBodyReadsThe413() throws Exception {
        // A refused connection lingers up to 2 s while the rest of its body is dropped, and still counts
        // against the cap: with the test's cap of 2, back-to-back attempts on a loaded machine would meet
        // the cap (503) instead of the 413 this test is about.
        start(Duration.ofSeconds(30), 64);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String huge = "x".repeat(1 << 20);
        for (int i = 0; i < 20; i++) {
            java.net.http.HttpResponse<String> reply = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.port() + "/realms/")).timeout(Duration.ofSeconds(10))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(huge)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as("attempt %d", i).isEqualTo(413);
        }
    }

    @Test
    void malformedRequestsAndOversizedHeadersAreAnsweredAndClosed() throws IOException {
        start(Duration.ofSeconds(30));
        Socket bad = connect();
        send(bad, "GET /ping HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
        assertThat(readResponse(bad.getInputStream())[0]).startsWith("http/1.1 400").contains("connection: close");
        assertThat(closes(bad.getInputStream())).isTrue();

        Socket big = connect();
        send(big, "GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertThat(readResponse(big.getInputStream())[0]).startsWith("http/1.1 431").contains("connection: close");
        assertThat(closes(big.getInputStream())).isTrue();
    }

    @Test
    void theConnectionPastTheCapGets503AndIsClosed() throws IOException {
        start(Duration.ofSeconds(30));
        Socket first = connect();
        Socket second = connect();
        send(first, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
        send(second, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
        readResponse(first.getInputStream());
        readResponse(second.getInputStream());

        Socket third = connect();
        send(third, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
        String[] reply = readResponse(third.getInputStream());
        assertThat(reply[0]).startsWith("http/1.1 503").contains("connection: close")
                .contains("content-type: application/json");
        assertThat(reply[1]).contains("\"error\":\"bondy.error.unavailable\"")
                .contains("admin_api.http.max_connections = 2");
        assertThat(closes(third.getInputStream())).isTrue();
        assertThat(count("admin_http/refused")).isEqualTo(1);
        assertThat(server.openConnections()).isEqualTo(2);
    }
}
