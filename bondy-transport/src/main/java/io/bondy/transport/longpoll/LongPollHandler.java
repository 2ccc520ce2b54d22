package io.bondy.transport.longpoll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.transport.http.HttpErrors;
import io.bondy.transport.pipeline.HandshakeTimeoutHandler;
import io.bondy.transport.websocket.Subprotocols;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
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
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the long-poll requests under the configured path and passes every other message on:
 * <ul>
 *   <li>{@code POST <path>/open} with {@code {"protocols": [...]}}: {@code 200 {"protocol": p, "transport": id}}
 *       with the first offered protocol the router speaks ({@code wamp.2.json}, {@code wamp.2.msgpack},
 *       {@code wamp.2.cbor}, {@code wamp.2.json.batched}, {@code wamp.2.msgpack.batched}); {@code 400} if none
 *       or the body is not such a dictionary; {@code 503} past {@code wamp.longpoll.max_transports}.</li>
 *   <li>{@code POST <path>/<id>/receive}: {@code 200} with a message (or a batch), {@code 204} after the
 *       receive timeout with nothing to say.</li>
 *   <li>{@code POST <path>/<id>/send}: {@code 202}; {@code 400} if the body does not decode (the session
 *       ends with ABORT, which the next {@code /receive} returns).</li>
 *   <li>{@code POST <path>/<id>/close}: {@code 202}.</li>
 * </ul>
 * An unknown or closed transport is {@code 404}, another method {@code 405}, another path under the prefix
 * {@code 404}, all with a JSON body. Every answer closes the connection (as every HTTP answer on this port),
 * and the first long-poll request ends the connection's WAMP handshake deadline (the transport has its own).
 * Bodies are bounded by the port's HTTP aggregator ({@code wamp.longpoll.max_body_size}, {@code 413}).
 *
 * <p>Threading: event loop of the connection; the transport's work hops to its own loop.
 */
final class LongPollHandler extends ChannelInboundHandlerAdapter {

    /** The error code of a request for a transport that is not open. */
    static final String NO_SUCH_TRANSPORT = "bondy.error.longpoll.no_such_transport";

    private static final Logger LOG = LoggerFactory.getLogger(LongPollHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LongPollTransports transports;
    private final String prefix;

    LongPollHandler(LongPollTransports transports) {
        this.transports = transports;
        this.prefix = transports.config().path();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || request.decoderResult().isFailure()) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.startsWith(prefix + "/")) {
            ctx.fireChannelRead(msg);
            return;
        }
        HandshakeTimeoutHandler.cancel(ctx.pipeline());
        Channel channel = ctx.channel();
        if (!HttpMethod.POST.equals(request.method())) {
            request.release();
            FullHttpResponse refusal = HttpErrors.json(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    HttpErrors.BAD_REQUEST, "the long-poll transport accepts only POST");
            refusal.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST.name());
            respond(channel, refusal);
            return;
        }
        int maxBody = transports.config().maxBodySize();
        if (request.content().readableBytes() > maxBody) { // the port's aggregator may allow more (8 KiB)
            request.release();
            respond(channel, HttpErrors.json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, HttpErrors.PAYLOAD_TOO_LARGE,
                    "the request body exceeds " + maxBody + " bytes (wamp.longpoll.max_body_size)"));
            return;
        }
        String[] parts = path.substring(prefix.length() + 1).split("/", -1);
        if (parts.length == 1 && parts[0].equals("open")) {
            try {
                open(channel, request);
            } finally {
                request.release();
            }
            return;
        }
        if (parts.length != 2 || !List.of("receive", "send", "close").contains(parts[1])) {
            request.release();
            respond(channel, HttpErrors.json(HttpResponseStatus.NOT_FOUND, HttpErrors.BAD_REQUEST,
                    "not a long-poll endpoint: " + path + " (" + prefix + "/open, " + prefix
                            + "/<transport>/receive, /send, /close)"));
            return;
        }
        Optional<LongPollSession> found = transports.find(parts[0]);
        if (found.isEmpty()) {
            request.release();
            respond(channel, HttpErrors.json(HttpResponseStatus.NOT_FOUND, NO_SUCH_TRANSPORT,
                    "no open long-poll transport " + parts[0]));
            return;
        }
        LongPollSession session = found.get();
        switch (parts[1]) {
            case "receive" -> {
                request.release();
                session.execute(() -> session.onReceive(channel));
            }
            case "send" -> session.execute(() -> session.onSend(channel, request.content()));
            default -> {
                request.release();
                session.execute(() -> session.onClose(channel));
            }
        }
    }

    private void open(Channel channel, FullHttpRequest request) {
        List<String> offered = new ArrayList<>();
        try {
            JsonNode body = JSON.readTree(new ByteBufInputStream(request.content()));
            JsonNode protocols = body == null ? null : body.get("protocols");
            if (protocols == null || !protocols.isArray()) {
                throw new IOException("expected {\"protocols\": [...]}");
            }
            protocols.forEach(p -> offered.add(p.asText()));
        } catch (IOException | RuntimeException e) {
            respond(channel, HttpErrors.json(HttpResponseStatus.BAD_REQUEST, HttpErrors.BAD_REQUEST,
                    "the body of /open must be {\"protocols\": [...]}: " + e.getMessage()));
            return;
        }
        Optional<Subprotocols.Negotiated> chosen = offered.stream().map(Subprotocols::parse)
                .flatMap(Optional::stream).findFirst();
        if (chosen.isEmpty()) {
            respond(channel, HttpErrors.json(HttpResponseStatus.BAD_REQUEST, HttpErrors.BAD_REQUEST,
                    "none of the protocols " + offered + " is supported; this router speaks "
                            + Subprotocols.SUPPORTED));
            return;
        }
        Optional<LongPollSession> session = transports.open(chosen.get(), channel);
        if (session.isEmpty()) {
            respond(channel, HttpErrors.json(HttpResponseStatus.SERVICE_UNAVAILABLE, HttpErrors.UNAVAILABLE,
                    "too many long-poll transports (wamp.longpoll.max_transports = "
                            + transports.config().maxTransports() + "); try again later"));
            return;
        }
        LOG.debug("Long-poll transport {} opened from {} with {}", session.get().id(), channel.remoteAddress(),
                chosen.get().subprotocol());
        byte[] answer = ("{\"protocol\":\"" + chosen.get().subprotocol() + "\",\"transport\":\""
                + session.get().id() + "\"}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(answer));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.length);
        respond(channel, response);
    }

    /** Writes {@code response} with {@code Connection: close} and closes the connection after it. Any thread. */
    static void respond(Channel channel, FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
