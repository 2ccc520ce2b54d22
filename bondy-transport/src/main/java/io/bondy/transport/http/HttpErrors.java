package io.bondy.transport.http;

import io.bondy.transport.pipeline.LingeringClose;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * JSON error answers of the node's HTTP listeners, {@code {"error": code, "message": text}}. The
 * answers to a request whose end is in doubt (malformed, too large, too slow) carry
 * {@code Connection: close} and close the connection: the rest of the stream cannot be trusted to
 * start a new request.
 */
public final class HttpErrors {

    /** The error code of a request not complete within the request timeout (408). */
    public static final String REQUEST_TIMEOUT = "bondy.error.request_timeout";
    /** The error code of a body over the listener's limit (413). */
    public static final String PAYLOAD_TOO_LARGE = "bondy.error.payload_too_large";
    /** The error code of a request the HTTP decoder could not read (400, 414, 431). */
    public static final String BAD_REQUEST = "bondy.error.bad_request";
    /** The error code of a refusal because the listener has its maximum of connections (503). */
    public static final String UNAVAILABLE = "bondy.error.unavailable";

    private HttpErrors() {
    }

    /**
     * Whether a response with {@code status} leaves the request stream in doubt, so the connection
     * must close after it: 400, 408, 413, 414, 431.
     */
    public static boolean closesConnection(int status) {
        return status == 400 || status == 408 || status == 413 || status == 414 || status == 431;
    }

    /** The status for a request the decoder failed on: 414 for a too-long request line, 431 for headers, else 400. */
    public static HttpResponseStatus statusOf(DecoderResult result) {
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    /** A JSON error response; with {@code Connection: close} when {@link #closesConnection} says so. */
    public static FullHttpResponse json(HttpResponseStatus status, String code, String message) {
        byte[] body = body(code, message);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (closesConnection(status.code())) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    /**
     * Writes {@code response} with {@code Connection: close} and closes the connection after it, with
     * a {@link LingeringClose} (the rest of the request may still be on its way).
     */
    public static void sendAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        LingeringClose.after(ctx.writeAndFlush(response));
    }

    /**
     * The bytes of a {@code 503} refusing a connection over the listener's cap, written before any
     * HTTP handler exists ({@code key} names the configuration key in the message).
     */
    public static Supplier<ByteBuf> tooManyConnections(String key, int max) {
        byte[] body = body(UNAVAILABLE, "too many connections to this listener (" + key + " = " + max
                + "); try again later");
        byte[] head = ("HTTP/1.1 503 Service Unavailable\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Retry-After: 1\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return () -> Unpooled.wrappedBuffer(all.clone());
    }

    private static byte[] body(String code, String message) {
        return ("{\"error\":\"" + escape(code) + "\",\"message\":\"" + escape(message) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
