package io.bondy.server;

import io.bondy.core.message.Authenticate;
import io.bondy.core.message.Call;
import io.bondy.core.message.Challenge;
import io.bondy.core.message.Hello;
import io.bondy.core.message.Subscribe;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Payload;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import io.bondy.security.crypto.Kdf;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A minimal blocking WAMP client over RawSocket/JSON for end-to-end tests: WAMP-CRA or OAuth2 login and CALL. */
final class RawSocketClient implements AutoCloseable {

    private static final Serializer JSON = Serializers.of(SerializerKind.JSON);

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private long requests;

    private RawSocketClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream()));
        in = new DataInputStream(socket.getInputStream());
        out.write(new byte[] {0x7F, (byte) 0xF1, 0, 0}); // 16 MiB, JSON
        out.flush();
        in.readInt(); // the router's handshake reply
    }

    /** Connects and logs in with WAMP-CRA; returns the client and the router's answer (WELCOME or ABORT). */
    static RawSocketClient connect(int port) throws IOException {
        return new RawSocketClient("127.0.0.1", port);
    }

    /** Connects to another host (a container's mapped port). */
    static RawSocketClient connect(int port, String host) throws IOException {
        return new RawSocketClient(host, port);
    }

    /** HELLO with wampcra as {@code authid}, answers the challenge with {@code password}; returns the final reply. */
    WampMessage loginWampCra(String realm, String authid, String password) throws IOException {
        send(new Hello(realm, Map.of("roles", Map.of("caller", Map.of()), "authmethods", List.of("wampcra"),
                "authid", authid)));
        WampMessage reply = receive();
        if (!(reply instanceof Challenge challenge)) {
            return reply;
        }
        send(new Authenticate(sign(password, challenge.extra()), Map.of()));
        return receive();
    }

    /**
     * HELLO to {@code realm} as an anonymous client announcing the advanced RPC features (progressive
     * results and invocations, canceling, caller identification); returns WELCOME or ABORT.
     */
    WampMessage joinAnonymous(String realm) throws IOException {
        Map<String, Object> features = Map.of("features", Map.of("call_canceling", true,
                "progressive_call_results", true, "progressive_call_invocations", true,
                "caller_identification", true));
        send(new Hello(realm, Map.of("roles", Map.of("caller", features, "callee", features,
                "publisher", Map.of(), "subscriber", Map.of()))));
        return receive();
    }

    /** Sets the read timeout (ms; 0: none) of {@link #next()} and the calls. */
    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** The next request id of this client. */
    long nextRequest() {
        return ++requests;
    }

    /** CALL and wait for its RESULT or ERROR. */
    WampMessage call(String procedure, Object... args) throws IOException {
        send(new Call(++requests, Map.of(), procedure, Payload.of(List.of(args))));
        return receive();
    }

    /** PUBLISH with acknowledge and wait for its PUBLISHED or ERROR. */
    WampMessage publish(String topic, List<Object> args, Map<String, Object> kwargs) throws IOException {
        send(new io.bondy.core.message.Publish(++requests, Map.of("acknowledge", true), topic, Payload.of(args, kwargs)));
        return receive();
    }

    /** SUBSCRIBE and wait for its SUBSCRIBED or ERROR. */
    WampMessage subscribe(String topic) throws IOException {
        send(new Subscribe(++requests, Map.of(), topic));
        return receive();
    }

    /** The next message from the router (e.g. an EVENT); fails after the socket timeout. */
    WampMessage next() throws IOException {
        return receive();
    }

    /** HELLO with oauth2 as {@code authid}, answers the challenge with {@code accessToken}; returns the final reply. */
    WampMessage loginOAuth2(String realm, String authid, String accessToken) throws IOException {
        send(new Hello(realm, Map.of("roles", Map.of("caller", Map.of()), "authmethods", List.of("oauth2"),
                "authid", authid)));
        WampMessage reply = receive();
        if (!(reply instanceof Challenge)) {
            return reply;
        }
        send(new Authenticate(accessToken, Map.of()));
        return receive();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String sign(String password, Map<String, Object> extra) {
        String salt = (String) extra.get("salt");
        int iterations = ((Number) extra.get("iterations")).intValue();
        int keylen = ((Number) extra.get("keylen")).intValue();
        byte[] derived = Kdf.pbkdf2Sha256(password, salt.getBytes(StandardCharsets.UTF_8), iterations, keylen);
        byte[] key = Base64.getEncoder().encode(derived);
        byte[] challenge = ((String) extra.get("challenge")).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(Kdf.hmacSha256(key, challenge));
    }

    /** Sends any message (the caller reads the replies with {@link #next()}). */
    void send(WampMessage m) throws IOException {
        byte[] bytes = JSON.encode(m);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    private WampMessage receive() throws IOException {
        int header = in.readInt();
        return JSON.decode(in.readNBytes(header & 0xFFFFFF));
    }
}
