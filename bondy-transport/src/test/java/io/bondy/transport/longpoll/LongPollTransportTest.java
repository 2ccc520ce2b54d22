package io.bondy.transport.longpoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.core.message.Event;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Published;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.Subscribed;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.LongPollConfig;
import io.bondy.transport.WebSocketExtras;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawWsConnection;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WsFrames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP long-poll transport on a real listener, driven with the JDK's HttpClient over plain HTTP, next
 * to a WebSocket client on the same router: join, subscribe, register, events and calls both ways, and
 * the limits (queue, body, session timeout, transports).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(NoLeaks.class)
@Timeout(90)
class LongPollTransportTest {

    private static final int MAX_QUEUED = 5;
    private static final int MAX_BODY = 4096;
    private static final int MAX_TRANSPORTS = 20;
    private static final LongPollConfig CONFIG = new LongPollConfig(true, "/longpoll", Duration.ofSeconds(3),
            Duration.ofSeconds(1), MAX_QUEUED, MAX_BODY, MAX_TRANSPORTS);

    private final Counts metrics = new Counts();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private RunningServer server;

    @BeforeAll
    void start() {
        server = new RunningServer(TestConfigs.standard().withWebSocketExtras(WebSocketExtras.DEFAULT
                .withLongPoll(CONFIG)), Router.development(), metrics);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aLongPollClientJoinsSubscribesRegistersAndReceivesEventsAndCalls() {
        LongPoll lp = open("wamp.2.json");
        assertThat(lp.send("[1,\"realm1\",{\"roles\":{\"subscriber\":{},\"callee\":{},\"caller\":{}}}]")).isEqualTo(202);
        assertThat(lp.receive()).isInstanceOf(Welcome.class);
        lp.send("[32,1,{},\"com.example.longpoll\"]");
        assertThat(lp.receive()).isInstanceOf(Subscribed.class);
        lp.send("[64,2,{},\"com.example.longpoll.add\"]");
        assertThat(lp.receive()).isInstanceOf(Registered.class);

        try (RawWsConnection ws = RawWsConnection.open(server.webSocketPort(), SerializerKind.JSON)) {
            ws.join();
            ws.send(WsFrames.client(WsFrames.TEXT,
                    "[16,1,{\"acknowledge\":true},\"com.example.longpoll\",[\"hello\"]]".getBytes()));
            ws.nextMessage(Published.class);
            Event event = (Event) lp.receive();
            assertThat(((Payload.Arguments) event.payload()).args()).containsExactly("hello");

            ws.send(WsFrames.client(WsFrames.TEXT, "[48,2,{},\"com.example.longpoll.add\",[2,3]]".getBytes()));
            Invocation invocation = (Invocation) lp.receive();
            assertThat(((Payload.Arguments) invocation.payload()).args()).containsExactly(2, 3);
            lp.send("[70," + invocation.requestId() + ",{},[5]]");
            Result result = ws.nextMessage(Result.class);
            assertThat(((Payload.Arguments) result.payload()).args()).containsExactly(5);
        }
        lp.send("[6,{},\"wamp.close.normal\"]");
        assertThat(new String(lp.receiveRaw().body())).contains("wamp.close.goodbye_and_out");
        assertThat(lp.post("close", new byte[0]).statusCode()).isIn(202, 404);
    }

    @Test
    void aReceiveWithNothingToSayEndsEmptyAfterTheReceiveTimeout() {
        LongPoll lp = joined("wamp.2.json");
        HttpResponse<byte[]> nothing = lp.receiveRaw();
        assertThat(nothing.statusCode()).isEqualTo(204);
        lp.close();
    }

    @Test
    void batchedJsonCarriesEveryPendingMessageInOneAnswer() {
        LongPoll lp = open("wamp.2.json.batched");
        assertThat(lp.protocol).isEqualTo("wamp.2.json.batched");
        byte[] batch = ("[1,\"realm1\",{\"roles\":{\"subscriber\":{},\"publisher\":{}}}]\u001e"
                + "[32,1,{},\"com.example.batched\"]\u001e"
                + "[16,2,{\"acknowledge\":true,\"exclude_me\":false},\"com.example.batched\",[1]]\u001e")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(lp.post("send", batch).statusCode()).isEqualTo(202);
        StringBuilder all = new StringBuilder();
        while (all.chars().filter(c -> c == 0x1e).count() < 4) { // WELCOME, SUBSCRIBED, PUBLISHED, EVENT
            HttpResponse<byte[]> answer = lp.receiveRaw();
            assertThat(answer.statusCode()).isEqualTo(200);
            all.append(new String(answer.body(), StandardCharsets.UTF_8));
        }
        assertThat(all.toString()).startsWith("[2,").contains("[33,1,").contains("[17,2,").contains("[36,");
        lp.close();
    }

    @Test
    void messagesPastTheQueueLimitAreDroppedAndCounted() {
        LongPoll lp = joined("wamp.2.json");
        lp.send("[32,1,{},\"com.example.flood\"]");
        lp.receive();
        int droppedBefore = metrics.dropped.get();
        try (RawWsConnection ws = RawWsConnection.open(server.webSocketPort(), SerializerKind.JSON)) {
            ws.join();
            for (int i = 0; i < MAX_QUEUED * 2; i++) {
                ws.send(WsFrames.client(WsFrames.TEXT, ("[16," + (i + 1) + ",{\"acknowledge\":true},"
                        + "\"com.example.flood\",[" + i + "]]").getBytes()));
                ws.nextMessage(Published.class);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.dropped.get() - droppedBefore >= MAX_QUEUED);
        int events = 0;
        HttpResponse<byte[]> answer;
        while ((answer = lp.receiveRaw()).statusCode() == 200) {
            assertThat(decode(answer.body())).isInstanceOf(Event.class);
            events++;
        }
        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(events).isEqualTo(MAX_QUEUED);
        assertThat(metrics.dropped.get() - droppedBefore).isEqualTo(MAX_QUEUED);
        lp.close();
    }

    @Test
    void aTransportWithoutReceiveForTheSessionTimeoutIsClosed() {
        LongPoll lp = joined("wamp.2.json");
        int before = metrics.count("longpoll/session");
        // /send does not count as a poll: only /receive keeps a transport open
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> lp.post("send",
                "[16,9,{},\"com.example.nobody\",[]]".getBytes(StandardCharsets.UTF_8)).statusCode() == 404);
        assertThat(metrics.count("longpoll/session")).isGreaterThan(before);
        HttpResponse<byte[]> gone = lp.post("receive", new byte[0]);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(new String(gone.body())).contains("bondy.error.longpoll.no_such_transport");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        LongPoll lp = joined("wamp.2.json");
        byte[] big = ("[16,1,{},\"com.example.big\",[\"" + "x".repeat(MAX_BODY) + "\"]]").getBytes();
        HttpResponse<byte[]> refused = lp.post("send", big);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(new String(refused.body())).contains("bondy.error.payload_too_large");
        lp.close();
    }

    @Test
    void badRequestsGetJsonErrors() {
        assertThat(post("/longpoll/open", "{\"protocols\":[\"wamp.2.ubjson\"]}").statusCode()).isEqualTo(400);
        assertThat(post("/longpoll/open", "not json").statusCode()).isEqualTo(400);
        HttpResponse<byte[]> unknown = post("/longpoll/nosuchtransport/receive", "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new String(unknown.body())).contains("\"error\":\"bondy.error.longpoll.no_such_transport\"");
        assertThat(post("/longpoll/x/y/z", "").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> get = send(HttpRequest.newBuilder(uri("/longpoll/open")).GET().build());
        assertThat(get.statusCode()).isEqualTo(405);
        LongPoll lp = open("wamp.2.json");
        HttpResponse<byte[]> garbage = lp.post("send", "[1,".getBytes());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(new String(garbage.body())).contains("bondy.error.bad_request");
    }

    @Test
    void opensPastTheTransportLimitGet503() {
        LongPollConfig one = new LongPollConfig(true, "/lp", Duration.ofSeconds(30), Duration.ofSeconds(1),
                MAX_QUEUED, MAX_BODY, 1);
        try (RunningServer small = new RunningServer(TestConfigs.standard().withWebSocketExtras(WebSocketExtras.DEFAULT
                .withLongPoll(one)), Router.development())) {
            URI open = URI.create("http://127.0.0.1:" + small.webSocketPort() + "/lp/open");
            HttpRequest request = HttpRequest.newBuilder(open)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"protocols\":[\"wamp.2.json\"]}")).build();
            assertThat(send(request).statusCode()).isEqualTo(200);
            HttpResponse<byte[]> refused = send(request);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(new String(refused.body())).contains("wamp.longpoll.max_transports");
        }
    }

    @Test
    void theWebSocketEndpointStillWorksBesideIt() {
        try (RawWsConnection ws = RawWsConnection.open(server.webSocketPort(), SerializerKind.JSON)) {
            assertThat(ws.join()).isInstanceOf(Welcome.class);
        }
    }

    // ---------------------------------------------------------------- client

    private LongPoll joined(String protocol) {
        LongPoll lp = open(protocol);
        lp.send("[1,\"realm1\",{\"roles\":{\"subscriber\":{},\"publisher\":{}}}]");
        assertThat(lp.receive()).isInstanceOf(Welcome.class);
        return lp;
    }

    private LongPoll open(String protocol) {
        HttpResponse<byte[]> opened = post("/longpoll/open?x=1", "{\"protocols\":[\"" + protocol + "\"]}");
        assertThat(opened.statusCode()).isEqualTo(200);
        String body = new String(opened.body(), StandardCharsets.UTF_8);
        Matcher id = Pattern.compile("\"transport\":\"([A-Za-z0-9_-]+)\"").matcher(body);
        Matcher chosen = Pattern.compile("\"protocol\":\"([a-z0-9.]+)\"").matcher(body);
        assertThat(id.find() && chosen.find()).as(body).isTrue();
        return new LongPoll(id.group(1), chosen.group(1));
    }

    private HttpResponse<byte[]> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.webSocketPort() + path);
    }

    private static WampMessage decode(byte[] body) {
        return Serializers.of(SerializerKind.JSON).decode(body);
    }

    private final class LongPoll {
        final String id;
        final String protocol;

        LongPoll(String id, String protocol) {
            this.id = id;
            this.protocol = protocol;
        }

        int send(String json) {
            return post("send", json.getBytes(StandardCharsets.UTF_8)).statusCode();
        }

        /** The next message; polls again while the answer is 204. */
        WampMessage receive() {
            for (int i = 0; i < 10; i++) {
                HttpResponse<byte[]> answer = receiveRaw();
                if (answer.statusCode() == 200) {
                    return decode(answer.body());
                }
                assertThat(answer.statusCode()).isEqualTo(204);
            }
            throw new AssertionError("nothing received after 10 polls");
        }

        HttpResponse<byte[]> receiveRaw() {
            return post("receive", new byte[0]);
        }

        void close() {
            assertThat(post("close", new byte[0]).statusCode()).isEqualTo(202);
        }

        HttpResponse<byte[]> post(String what, byte[] body) {
            return LongPollTransportTest.this.send(HttpRequest.newBuilder(uri("/longpoll/" + id + "/" + what))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        }
    }

    /** Counts drops and deadlines. */
    private static final class Counts implements RouterMetrics {
        final AtomicInteger dropped = new AtomicInteger();
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        @Override
        public void outboundDropped(io.bondy.core.message.MessageType type) {
            dropped.incrementAndGet();
        }

        @Override
        public void connectionTimedOut(String listener, String deadline) {
            counts.computeIfAbsent(listener + "/" + deadline, k -> new AtomicInteger()).incrementAndGet();
        }

        int count(String key) {
            AtomicInteger n = counts.get(key);
            return n == null ? 0 : n.get();
        }
    }

}
