package io.bondy.transport.websocket;

import io.bondy.core.serialization.SerializerKind;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The WAMP WebSocket subprotocols ({@code wamp.2.json}, …) and how a client's offer is read. */
public final class Subprotocols {

    /** Every subprotocol the router speaks, comma-separated, as Netty's handshaker wants them. */
    public static final String SUPPORTED = Arrays.stream(SerializerKind.values())
            .map(SerializerKind::subprotocol).collect(Collectors.joining(","));

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

    /** The first offered subprotocol the router speaks (the client's preference, as Netty picks it). */
    public static Optional<SerializerKind> select(List<String> offered) {
        return offered.stream().map(SerializerKind::bySubprotocol).flatMap(Optional::stream).findFirst();
    }
}
