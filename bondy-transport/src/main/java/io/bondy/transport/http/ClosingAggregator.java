package io.bondy.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Aggregates requests up to {@code maxBytes}; a larger one is answered {@code 413} with a JSON body
 * and {@code Connection: close}, and the connection is closed (Netty's own answer keeps a keep-alive
 * connection open and discards the body, which a client can stretch without end).
 *
 * <p>Threading: event loop only; one instance per connection.
 */
public final class ClosingAggregator extends HttpObjectAggregator {

    private final int maxBytes;

    public ClosingAggregator(int maxBytes) {
        super(maxBytes, true); // close after refusing an "Expect: 100-continue" request too
        this.maxBytes = maxBytes;
    }

    /** The refusal of an {@code Expect: 100-continue} request announcing too large a body, in JSON, closing. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof FullHttpResponse r && r.status().code() == 413) {
            r.release();
            FullHttpResponse json = HttpErrors.json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    HttpErrors.PAYLOAD_TOO_LARGE, "the request body exceeds " + maxBytes + " bytes");
            return json;
        }
        return answer;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpErrors.sendAndClose(ctx, HttpErrors.json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                HttpErrors.PAYLOAD_TOO_LARGE, "the request body exceeds " + maxBytes + " bytes"));
    }
}
