package io.bondy.bench.workload;

import io.bondy.bench.client.Endpoint;
import io.bondy.bench.client.Transport;
import io.bondy.core.serialization.SerializerKind;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One server process of the run, started by bench/run.sh.
 *
 * @param name        {@code bondy}, {@code echo}, {@code jawampa} or {@code fox}
 * @param wsPort      WebSocket port
 * @param wsPath      WebSocket path of the WAMP (or echo) endpoint
 * @param rawPort     RawSocket port, or 0 when the server has none
 * @param serializers what it speaks
 * @param pid         the process, for heap and RSS figures (absent: not measured)
 * @param jvm         whether it is a JVM (only then is jcmd used: the attach signal, SIGQUIT, ends a Node process)
 */
public record Server(String name, int wsPort, String wsPath, int rawPort, Set<SerializerKind> serializers,
                     OptionalLong pid, boolean jvm) {

    public static final String HOST = "127.0.0.1";

    public boolean isEcho() {
        return name.equals("echo");
    }

    /** The same server with another WebSocket path. */
    public Server withPath(String path) {
        return new Server(name, wsPort, path, rawPort, serializers, pid, jvm);
    }

    public boolean hasRawSocket() {
        return rawPort > 0;
    }

    public boolean speaks(Endpoint template) {
        return serializers.contains(template.serializer())
                && (template.transport() == Transport.WEBSOCKET || hasRawSocket());
    }

    /** This server's endpoint for the transport and serializer of {@code template}. */
    public Endpoint endpoint(Endpoint template) {
        return endpoint(template.transport(), template.serializer());
    }

    public Endpoint endpoint(Transport transport, SerializerKind serializer) {
        return transport == Transport.WEBSOCKET
                ? Endpoint.webSocket(HOST, wsPort, wsPath, serializer)
                : Endpoint.rawSocket(HOST, rawPort, serializer);
    }
}
