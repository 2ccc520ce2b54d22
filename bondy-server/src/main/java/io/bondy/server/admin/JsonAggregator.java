package io.bondy.server.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates requests up to a size; a larger one is answered {@code 413} with a JSON error body
 * (Netty's default answer has none). Keep-alive connections stay open: the rest of the body is
 * discarded.
 */
final class JsonAggregator extends HttpObjectAggregator {

    private final int maxBytes;

    JsonAggregator(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        AdminHttpHandler.write(ctx, HttpReply.error(413, "bondy.error.payload_too_large",
                "the request body exceeds " + maxBytes + " bytes"), HttpUtil.isKeepAlive(oversized));
    }
}
