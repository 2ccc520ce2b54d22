package io.bondy.transport.websocket;

import io.bondy.core.serialization.SerializerKind;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The WAMP WebSocket subprotocols ({@code wamp.2.json}, …, and the batched {@code wamp.2.json.batched},
 * {@code wamp.2.msgpack.batched}) and how a client's offer is read.
 */
public final class Subprotocols {

    /** The suffix of a batched subprotocol: several WAMP messages per WebSocket message ({@link Batching}). */
    public static final String BATCHED_SUFFIX = ".batched";
    /** The serializers that have a batched subprotocol (the spec defines the framing for these two). */
    private static final List<SerializerKind> BATCHABLE = List.of(SerializerKind.JSON, SerializerKind.MSGPACK);

    /** Every subprotocol the router speaks, comma-separated, as Netty's handshaker wants them. */
    public static final String SUPPORTED = Stream.concat(
            Arrays.stream(SerializerKind.values()).map(SerializerKind::subprotocol),
            BATCHABLE.stream().map(k -> k.subprotocol() + BATCHED_SUFFIX)).collect(Collectors.joining(","));

    /** A subprotocol the router speaks: its serializer, and whether messages come in batches. */
    public record Negotiated(SerializerKind kind, boolean batched) {

        public String subprotocol() {
            return kind.subprotocol() + (batched ? BATCHED_SUFFIX : "");
        }
    }

    private Subprotocols() {
    }

    /** The subprotocols the client offered in {@code Sec-WebSocket-Protocol}, in its order. */
    public static List<String> offered(HttpHeaders headers) {
        List<String> offered = new ArrayList<>();
        for (String header : headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
            for (String name : header.split(",")) {
                if (!name.isBlank()) {
                    offered.add(name.trim());
                }
            }
        }
        return offered;
    }

    /** The subprotocol named {@code name}, if the router speaks it. */
    public static Optional<Negotiated> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (name.endsWith(BATCHED_SUFFIX)) {
            return SerializerKind.bySubprotocol(name.substring(0, name.length() - BATCHED_SUFFIX.length()))
                    .filter(BATCHABLE::contains).map(kind -> new Negotiated(kind, true));
        }
        return SerializerKind.bySubprotocol(name).map(kind -> new Negotiated(kind, false));
    }

    /** The serializer of the first offered subprotocol the router speaks (the client's preference, as Netty picks it). */
    public static Optional<SerializerKind> select(List<String> offered) {
        return offered.stream().map(Subprotocols::parse).flatMap(Optional::stream).map(Negotiated::kind).findFirst();
    }
}
