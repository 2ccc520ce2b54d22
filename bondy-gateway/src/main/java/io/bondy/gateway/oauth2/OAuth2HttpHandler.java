package io.bondy.gateway.oauth2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code POST /oauth/token} and {@code POST /oauth/revoke} on the API gateway's HTTP port;
 * every other HTTP request passes on unchanged (to the WebSocket endpoint's handlers). A request must
 * be a POST with an {@code application/x-www-form-urlencoded} body; the work (password checks, store
 * writes) runs on {@code executor}, and the JSON answer carries {@code Cache-Control: no-store}
 * (RFC 6749 5.1). Each answer closes the connection (this port's connections are for WAMP).
 *
 * <p>Threading: one instance per connection; {@link #channelRead} on its event loop.
 */
public final class OAuth2HttpHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2HttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A token request is a small form; the port may take larger bodies (the API gateway's). */
    static final int MAX_BODY_BYTES = 8192;

    private final TokenEndpoint endpoint;
    private final Executor executor;

    OAuth2HttpHandler(TokenEndpoint endpoint, Executor executor) {
        this.endpoint = endpoint;
        this.executor = executor;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean token = path.equals(OAuth2Settings.TOKEN_PATH);
        if (!token && !path.equals(OAuth2Settings.REVOKE_PATH)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            OAuth2Reply early = check(request, path);
            if (early != null) {
                write(ctx, early);
                return;
            }
            Map<String, String> form;
            try {
                form = FormBody.parse(request.content().toString(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                write(ctx, OAuth2Reply.error("invalid_request", "malformed form body: " + e.getMessage()));
                return;
            }
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            InetAddress address = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
            ctx.channel().config().setAutoRead(false); // one request per connection
            executor.execute(() -> write(ctx, answer(token, form, authorization, address)));
        } catch (RejectedExecutionException e) {
            write(ctx, OAuth2Reply.error(503, "temporarily_unavailable", "too many token requests; try again"));
        } finally {
            request.release();
        }
    }

    /** The answer to a request that is not a proper token request, or null. */
    private static OAuth2Reply check(FullHttpRequest request, String path) {
        if (request.decoderResult().isFailure()) {
            return OAuth2Reply.error("invalid_request", "malformed HTTP request");
        }
        if (request.content().readableBytes() > MAX_BODY_BYTES) {
            return OAuth2Reply.error(413, "invalid_request", "the request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        if (!HttpMethod.POST.equals(request.method())) {
            return OAuth2Reply.error(405, "invalid_request", path + " accepts POST only");
        }
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !HttpUtil.getMimeType(type).toString().trim()
                .equalsIgnoreCase(HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString())) {
            return OAuth2Reply.error("invalid_request", "the body must be application/x-www-form-urlencoded");
        }
        return null;
    }

    private OAuth2Reply answer(boolean token, Map<String, String> form, String authorization, InetAddress address) {
        try {
            return token ? endpoint.token(form, authorization, address) : endpoint.revoke(form, authorization, address);
        } catch (RuntimeException e) {
            LOG.warn("OAuth2 request failed", e);
            return OAuth2Reply.error(500, "server_error", "the request failed; see the node's log");
        }
    }

    /** Any thread: Netty hands the write to the channel's event loop. */
    private static void write(ChannelHandlerContext ctx, OAuth2Reply reply) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(reply.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.PRAGMA, "no-cache")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (reply.status() == 405) {
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST.name());
        }
        if (reply.challengeRealm() != null) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE,
                    "Basic realm=\"" + reply.challengeRealm() + "\", charset=\"UTF-8\"");
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
