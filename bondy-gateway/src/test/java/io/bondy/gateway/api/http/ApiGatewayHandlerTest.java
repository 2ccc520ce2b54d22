package io.bondy.gateway.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.store.MemoryStore;
import io.bondy.gateway.api.ApiGateway;
import io.bondy.gateway.api.GatewayMetrics;
import io.bondy.gateway.api.GatewaySettings;
import io.bondy.gateway.api.HttpAuthenticator;
import io.bondy.gateway.api.WampPort;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-connection handler on Netty's in-memory channel: order, pass-through, keep-alive, buffers released. */
class ApiGatewayHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private ApiGateway gateway;
    private final List<String> called = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        WampPort wamp = new WampPort() {
            @Override
            public CompletableFuture<Result> call(String realm, io.bondy.core.spi.AuthIdentity who,
                                                  java.net.InetSocketAddress peer, String procedure, List<Object> args,
                                                  Map<String, Object> kwargs, Map<String, Object> options) {
                called.add(procedure + " as " + who.authrole());
                return CompletableFuture.completedFuture(new Result(List.of(args.size()), Map.of(), Map.of()));
            }

            @Override
            public CompletableFuture<Long> publish(String realm, io.bondy.core.spi.AuthIdentity who,
                                                   java.net.InetSocketAddress peer, String topic, List<Object> args,
                                                   Map<String, Object> kwargs, Map<String, Object> options) {
                return CompletableFuture.completedFuture(7L);
            }
        };
        gateway = new ApiGateway(GatewaySettings.defaults(), new MemoryStore("n1"), wamp, HttpAuthenticator.NONE,
                GatewayMetrics.NOOP);
        gateway.start();
        gateway.load(JSON.readValue("""
                {"id": "t", "name": "T", "host": "_", "realm_uri": "com.example",
                 "versions": {"1": {"base_path": "/t", "paths": {
                   "/a": {"get": {"action": {"type": "static", "body": {"n": 1}}}},
                   "/c": {"post": {"action": {"type": "wamp_call", "procedure": "com.example.c",
                                              "args": "{{request.body}}"},
                                   "response": {"on_result": {"body": "{{action.result.args}}"}}}}}}}}""",
                Object.class));
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    private static FullHttpRequest get(String uri) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        r.headers().set(HttpHeaderNames.HOST, "localhost");
        return r;
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndKeptAlive() {
        EmbeddedChannel ch = new EmbeddedChannel(gateway.newHandler());
        FullHttpRequest post = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/t/c",
                Unpooled.copiedBuffer("[1, 2, 3]", StandardCharsets.UTF_8));
        post.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").set(HttpHeaderNames.HOST, "x");
        ch.writeInbound(get("/t/a"), post, get("/t/missing"));
        FullHttpResponse first = ch.readOutbound();
        FullHttpResponse second = ch.readOutbound();
        FullHttpResponse third = ch.readOutbound();
        assertThat(first.status().code()).isEqualTo(200);
        assertThat(first.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(second.content().toString(StandardCharsets.UTF_8)).isEqualTo("[3]");
        assertThat(third.status().code()).isEqualTo(404);
        assertThat(called).containsExactly("com.example.c as anonymous");
        assertThat(ch.isActive()).isTrue();
        for (FullHttpResponse r : List.of(first, second, third)) {
            assertThat(r.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("keep-alive");
            assertThat(r.release()).isTrue();
        }
        ch.advanceTimeBy(GatewaySettings.defaults().keepAliveTimeout().toMillis() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).as("closed after the keep-alive timeout").isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void otherPathsPassOnUntouched() {
        EmbeddedChannel ch = new EmbeddedChannel(gateway.newHandler());
        FullHttpRequest ws = get("/ws");
        ch.writeInbound(ws);
        FullHttpRequest passed = ch.readInbound();
        assertThat(passed).isSameAs(ws);
        assertThat(passed.refCnt()).isEqualTo(1);
        assertThat((Object) ch.readOutbound()).isNull();
        passed.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void aBadRequestAnswerClosesTheConnection() {
        EmbeddedChannel ch = new EmbeddedChannel(gateway.newHandler());
        FullHttpRequest post = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/t/c",
                Unpooled.copiedBuffer("[1, 2", StandardCharsets.UTF_8));
        post.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        ch.writeInbound(post);
        FullHttpResponse r = ch.readOutbound();
        assertThat(r.status().code()).isEqualTo(400);
        assertThat(r.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        r.release();
        ch.runPendingTasks();
        assertThat(ch.isActive()).isFalse();
        ch.finishAndReleaseAll();
    }
}
