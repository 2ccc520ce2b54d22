package io.bondy.gateway.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.store.MemoryStore;
import io.bondy.security.SecurityModule;
import io.bondy.security.SecuritySettings;
import io.bondy.security.authn.ThrottleSettings;
import io.bondy.security.model.PasswordPolicy;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OAuth2 handler on Netty's in-memory channel: routing, refusals, JSON answers, every buffer released. */
class OAuth2HttpHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecurityModule security = new SecurityModule(new MemoryStore("test"), new SecuritySettings(
            "com.leapsight.bondy", "test@127.0.0.1", new PasswordPolicy(1000, 1, 64, 6), Duration.ofHours(1),
            Duration.ofDays(1), ThrottleSettings.OFF), Clock.systemUTC());
    private final TokenEndpoint endpoint = new TokenEndpoint(new OAuth2Settings("com.example.app",
            Duration.ofMinutes(15), Duration.ofDays(1), 1, 1), security.credentials(), security.oauth2());
    private final EmbeddedChannel channel = new EmbeddedChannel(new OAuth2HttpHandler(endpoint, Runnable::run));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void otherPathsPassOnUntouched() {
        FullHttpRequest request = request(HttpMethod.GET, "/ws", null, null);
        channel.writeInbound(request);
        FullHttpRequest passed = channel.readInbound();
        assertThat(passed).isSameAs(request);
        assertThat(passed.refCnt()).isEqualTo(1);
        assertThat((Object) channel.readOutbound()).isNull();
        passed.release();
    }

    @Test
    void aTokenRequestIsAnsweredWithJsonAndReleased() throws Exception {
        FullHttpRequest request = request(HttpMethod.POST, "/oauth/token?x=1", "application/x-www-form-urlencoded",
                "grant_type=password&username=nobody&password=whatever");
        channel.writeInbound(request);
        assertThat(request.refCnt()).isZero();
        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-store");
            assertThat(body(response)).containsEntry("error", "invalid_grant");
        } finally {
            response.release();
        }
        assertThat(channel.isOpen()).as("each answer closes the connection").isFalse();
    }

    @Test
    void notAPostOrNotAFormIsRefusedBeforeAnyWork() throws Exception {
        assertRefused(request(HttpMethod.PUT, "/oauth/revoke", "application/x-www-form-urlencoded", "token=x"), 405);
        assertRefused(request(HttpMethod.POST, "/oauth/token", "text/plain", "grant_type=password"), 400);
        assertRefused(request(HttpMethod.POST, "/oauth/token", null, "grant_type=password"), 400);
    }

    @Test
    void aBusyEndpointAnswers503() throws Exception {
        EmbeddedChannel busy = new EmbeddedChannel(new OAuth2HttpHandler(endpoint, r -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        }));
        FullHttpRequest request = request(HttpMethod.POST, "/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=password");
        busy.writeInbound(request);
        FullHttpResponse response = busy.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(503);
            assertThat(body(response)).containsEntry("error", "temporarily_unavailable");
        } finally {
            response.release();
            busy.finishAndReleaseAll();
        }
        assertThat(request.refCnt()).isZero();
    }

    private void assertRefused(FullHttpRequest request, int status) throws Exception {
        EmbeddedChannel c = new EmbeddedChannel(new OAuth2HttpHandler(endpoint, Runnable::run));
        c.writeInbound(request);
        assertThat(request.refCnt()).isZero();
        FullHttpResponse response = c.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(status);
            assertThat(body(response)).containsEntry("error", "invalid_request").containsKey("error_description");
        } finally {
            response.release();
            c.finishAndReleaseAll();
        }
    }

    private static FullHttpRequest request(HttpMethod method, String uri, String contentType, String body) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(FullHttpResponse response) throws Exception {
        return JSON.readValue(response.content().toString(StandardCharsets.UTF_8), Map.class);
    }
}
