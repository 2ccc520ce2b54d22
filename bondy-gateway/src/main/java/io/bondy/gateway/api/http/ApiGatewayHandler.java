package io.bondy.gateway.api.http;

import io.bondy.gateway.api.RouteTable;
import io.bondy.gateway.api.openapi.OpenApiGenerator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the loaded APIs on one HTTP connection of the API gateway's port: a request whose path an
 * API serves (or lies under an API's base path, or is an API version's {@code openapi.json}) is
 * answered here; every other message passes on unchanged (to the OAuth2 endpoints or the WebSocket
 * upgrade). Connections are kept alive between API requests (HTTP/1.1, up to the keep-alive timeout);
 * pipelined requests are answered in order, a few at most waiting.
 *
 * <p>Threading: one instance per connection; everything runs on its event loop (see {@link ApiExchange}).
 */
public final class ApiGatewayHandler extends ChannelInboundHandlerAdapter {

    /** The transport's WAMP handshake deadline: not for a connection used for API requests. */
    static final String HANDSHAKE_TIMEOUT = "handshake-timeout";
    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayHandler.class);

    private final Supplier<RouteTable> tables;
    private final GatewayServices services;
    private final ArrayDeque<FullHttpRequest> pending = new ArrayDeque<>();
    private boolean busy;
    /** The keep-alive timer: armed once, re-armed for what is left when it fires early (not per request). */
    private ScheduledFuture<?> idle;
    private long lastAnswered;
    private boolean handshakeTimerRemoved;

    public ApiGatewayHandler(Supplier<RouteTable> tables, GatewayServices services) {
        this.tables = tables;
        this.services = services;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (busy) {
            if (pending.size() >= services.settings().maxPendingRequests()) {
                request.release();
                write(ctx, GatewayReply.error(503, GatewayErrors.UNAVAILABLE, "too many pipelined requests"),
                        false, null, "none", "none", request.method().name(), System.nanoTime());
                return;
            }
            pending.add(request);
            return;
        }
        handle(ctx, request);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            ctx.fireChannelRead(request);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.rawPath();
        String hostHeader = request.headers().get(HttpHeaderNames.HOST, "");
        String host = hostOf(hostHeader);
        RouteTable table = tables.get();
        Optional<RouteTable.Match> match = table.find(host, path);
        Optional<RouteTable.DocTarget> doc = match.isEmpty() ? table.doc(host, path) : Optional.empty();
        if (match.isEmpty() && doc.isEmpty() && !table.underBasePath(host, path)) {
            ctx.fireChannelRead(request); // not an API path: the next handler's
            return;
        }
        long started = System.nanoTime();
        stopTimers(ctx);
        busy = true;
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String method = request.method().name();
        try {
            if (doc.isPresent()) {
                write(ctx, method.equals("GET") || method.equals("HEAD")
                        ? GatewayReply.json(200, OpenApiGenerator.generate(doc.get()))
                        : GatewayReply.error(405, GatewayErrors.METHOD_NOT_ALLOWED, "the OpenAPI document is read"
                        + " with GET"), keepAlive, null, doc.get().api().id(), "openapi.json", method, started);
                return;
            }
            if (match.isEmpty()) {
                write(ctx, GatewayReply.error(404, GatewayErrors.NOT_FOUND, "no API path matches " + path),
                        keepAlive, null, "none", "none", method, started);
                return;
            }
            HttpInput in = input(ctx, request, uri, host, hostHeader);
            RouteTable.Match m = match.get();
            new ApiExchange(services, ctx.executor(), in, m, reply -> write(ctx, reply, keepAlive, in,
                    m.route().api().id(), m.route().path().path(), method, started)).run();
        } finally {
            request.release();
        }
    }

    private static HttpInput input(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
                                   String host, String hostHeader) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + "," + b);
        }
        int port = 80;
        int colon = hostHeader.lastIndexOf(':');
        if (colon > 0 && !hostHeader.endsWith("]")) {
            try {
                port = Integer.parseInt(hostHeader.substring(colon + 1));
            } catch (NumberFormatException ignored) {
                // keep 80
            }
        }
        String raw = uri.rawQuery();
        InetSocketAddress remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
        return new HttpInput(request.method().name(), request.uri(), uri.rawPath(), raw == null ? "" : raw, host,
                port, headers, ByteBufUtil.getBytes(request.content()), remote);
    }

    static String hostOf(String header) {
        String h = header.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(0, end + 1) : h;
        }
        int colon = h.indexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }

    /** On the loop (the exchange calls back there). */
    private void write(ChannelHandlerContext ctx, GatewayReply reply, boolean keepAlive, HttpInput in, String api,
                       String path, String method, long started) {
        boolean close = !keepAlive || reply.status() == 400 || reply.status() == 413 || !ctx.channel().isActive();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
        reply.headers().forEach((k, v) -> {
            try {
                response.headers().set(k, v);
            } catch (IllegalArgumentException e) {
                LOG.debug("API {} {}: dropping invalid response header {}", api, path, k);
            }
        });
        if (!reply.headers().containsKey("content-length")) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        }
        response.headers().set(HttpHeaderNames.CONNECTION, close ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE);
        services.metrics().requestAnswered(api, path, method, reply.status(), System.nanoTime() - started);
        if (LOG.isDebugEnabled()) {
            LOG.debug("API {} {} {} → {}", api, method, path, reply.status());
        }
        if (!ctx.channel().isActive()) {
            response.release();
            return;
        }
        if (close) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            drop();
            return;
        }
        ctx.writeAndFlush(response).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
        busy = false;
        FullHttpRequest next = pending.poll();
        if (next != null) {
            channelRead(ctx, next);
        } else {
            lastAnswered = ctx.executor().ticker().nanoTime();
            if (idle == null) {
                armIdle(ctx, services.settings().keepAliveTimeout().toNanos());
            }
        }
    }

    /**
     * Closes the connection once it has been idle (no request being answered) for the keep-alive
     * timeout since the last answer. One timer per connection, not one per request: scheduling and
     * cancelling a timer for every request cost the event loop a priority-queue insert and removal each.
     */
    private void armIdle(ChannelHandlerContext ctx, long delayNanos) {
        idle = ctx.executor().schedule(() -> {
            idle = null;
            if (busy || !ctx.channel().isActive()) {
                return; // the answer in progress re-arms it
            }
            long left = services.settings().keepAliveTimeout().toNanos()
                    - (ctx.executor().ticker().nanoTime() - lastAnswered);
            if (left <= 0) {
                ctx.close();
            } else {
                armIdle(ctx, left);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void stopTimers(ChannelHandlerContext ctx) {
        if (!handshakeTimerRemoved) {
            handshakeTimerRemoved = true;
            if (ctx.pipeline().get(HANDSHAKE_TIMEOUT) != null) {
                ctx.pipeline().remove(HANDSHAKE_TIMEOUT); // an API connection, not a WAMP session
            }
        }
    }

    private void drop() {
        FullHttpRequest r;
        while ((r = pending.poll()) != null) {
            r.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        drop();
        if (idle != null) {
            idle.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
