package io.bondy.server.admin;

import io.bondy.transport.http.HttpErrors;
import io.bondy.transport.pipeline.LingeringClose;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the health routes ({@code GET} only, unauthenticated) on the event loop, and hands every
 * other request to the admin API on {@code apiExecutor} (password checks and admin procedures must
 * not stall health checks). Without an API, anything else gets a JSON 404 or 405.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);

    private final Map<String, Supplier<HttpReply>> routes;
    private final Function<AdminRequest, HttpReply> api;
    private final Executor apiExecutor;

    AdminHttpHandler(Map<String, Supplier<HttpReply>> routes, Function<AdminRequest, HttpReply> api,
                     Executor apiExecutor) {
        this.routes = routes;
        this.api = api;
        this.apiExecutor = apiExecutor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Supplier<HttpReply> route = routes.get(path);
        if (!request.decoderResult().isSuccess()) {
            HttpResponseStatus status = HttpErrors.statusOf(request.decoderResult());
            write(ctx, HttpReply.error(status.code(), HttpErrors.BAD_REQUEST, "the request could not be parsed ("
                    + status.reasonPhrase() + ")"), false);
        } else if (route != null) {
            boolean get = HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
            write(ctx, get ? safely(route::get, path)
                    : HttpReply.error(405, "bondy.error.method_not_allowed", path + " accepts GET only"), keepAlive);
        } else if (api == null) {
            write(ctx, HttpReply.error(404, "bondy.error.not_found", "no resource at " + path), keepAlive);
        } else {
            AdminRequest copy = new AdminRequest(request.method().name(), path, uri.parameters(),
                    request.headers().get(HttpHeaderNames.AUTHORIZATION), ByteBufUtil.getBytes(request.content()),
                    ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null);
            // One API request in flight per connection, so pipelined requests are answered in order.
            ctx.channel().config().setAutoRead(false);
            try {
                apiExecutor.execute(() -> {
                    write(ctx, safely(() -> api.apply(copy), path), keepAlive);
                    ctx.channel().config().setAutoRead(true);
                });
            } catch (RejectedExecutionException e) {
                write(ctx, HttpReply.error(503, "bondy.error.unavailable", "the admin API is busy or shutting down"),
                        false);
            }
        }
    }

    /** Any thread: Netty hands the write to the channel's event loop. */
    static void write(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        if (reply.status() == 401) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"bondy-admin\", charset=\"UTF-8\"");
        }
        HttpUtil.setContentLength(response, reply.body().length);
        keepAlive = keepAlive && !HttpErrors.closesConnection(reply.status()); // the stream is in doubt after those
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else if (HttpErrors.closesConnection(reply.status())) {
            LingeringClose.after(ctx.writeAndFlush(response)); // the rest of the request may still be coming
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static HttpReply safely(Supplier<HttpReply> route, String path) {
        try {
            return route.get();
        } catch (RuntimeException e) {
            LOG.warn("Admin HTTP {} failed", path, e);
            return HttpReply.error(500, "internal_error", "the request failed; see the node's log");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Admin HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
