package io.bondy.transport.websocket;

import io.bondy.core.serialization.SerializerKind;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands before Netty's WebSocket handler and refuses, with a plain-text explanation, every HTTP
 * request that is not a WAMP WebSocket upgrade: another path (404), another method (405), no
 * {@code Upgrade: websocket} (426), or no WAMP subprotocol among those offered (400; Netty would
 * otherwise accept a handshake without a subprotocol). Accepted requests pass on unchanged, as do
 * WebSocket frames after the upgrade.
 *
 * <p>Threading: event loop only; stateless apart from the configured path.
 */
public final class WebSocketUpgradeFilter extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketUpgradeFilter.class);

    private final String path;

    public WebSocketUpgradeFilter(String path) {
        this.path = path;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        FullHttpResponse refusal = refusal(request);
        if (refusal == null) {
            ctx.fireChannelRead(request);
            return;
        }
        LOG.debug("Refusing {} {} from {}: {}", request.method(), request.uri(), ctx.channel().remoteAddress(),
                refusal.status());
        request.release();
        HttpResponses.sendAndClose(ctx, refusal);
    }

    /** The answer to a request that must not be upgraded, or null for a proper WAMP upgrade. */
    private FullHttpResponse refusal(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return HttpResponses.plainText(HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request.");
        }
        String requestPath = new QueryStringDecoder(request.uri()).path();
        if (!requestPath.equals(path)) {
            return HttpResponses.plainText(HttpResponseStatus.NOT_FOUND,
                    "Not found: " + requestPath + ". The WAMP WebSocket endpoint is " + path + ".");
        }
        if (!HttpMethod.GET.equals(request.method())) {
            FullHttpResponse response = HttpResponses.plainText(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "The WAMP WebSocket endpoint " + path + " accepts only GET with a WebSocket upgrade.");
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
            return response;
        }
        if (!HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            FullHttpResponse response = HttpResponses.plainText(HttpResponseStatus.UPGRADE_REQUIRED,
                    "This is a WAMP WebSocket endpoint: connect with a WebSocket client and one of the subprotocols "
                            + Subprotocols.SUPPORTED + ".");
            response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
            return response;
        }
        List<String> offered = Subprotocols.offered(request.headers());
        Optional<SerializerKind> chosen = Subprotocols.select(offered);
        if (chosen.isEmpty()) {
            return HttpResponses.plainText(HttpResponseStatus.BAD_REQUEST, (offered.isEmpty()
                    ? "No WebSocket subprotocol requested."
                    : "None of the requested WebSocket subprotocols " + offered + " is supported.")
                    + " This router speaks " + Subprotocols.SUPPORTED + " (Sec-WebSocket-Protocol).");
        }
        return null;
    }
}
