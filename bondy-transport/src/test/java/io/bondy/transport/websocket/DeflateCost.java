package io.bondy.transport.websocket;

import io.bondy.core.router.Router;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.transport.support.RawHttp;
import io.bondy.transport.support.RawWsConnection;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import io.bondy.transport.support.WampTestClient;
import io.bondy.core.serialization.Serializers;
import io.bondy.transport.support.WsFrames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * What permessage-deflate costs on small messages: one client does PUBLISH (acknowledge) → PUBLISHED round
 * trips of a ~100-byte JSON message, one at a time, over a plain and over a compressed connection to the
 * same in-process router, and prints the mean round trip, the process CPU time per round trip (client and
 * router together: steadier than wall time on a shared machine) and the bytes on the wire of each. Not a test
 * (run by bench/deflate-cost.sh); a rough figure, not a JMH measurement.
 */
public final class DeflateCost {

    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (RunningServer server = new RunningServer(PerMessageDeflateTest.compressing(), Router.development())) {
            for (int round = 0; round < 4; round++) {
                String label = round == 0 ? "warm-up" : "round " + round;
                System.out.println(label + ": " + run(server.webSocketPort(), false, n));
                System.out.println(label + ": " + run(server.webSocketPort(), true, n));
            }
        }
    }

    private static String run(int port, boolean compressed, int n) {
        String offer = compressed ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "";
        try (RawWsConnection c = RawWsConnection.request(port, SerializerKind.JSON, RawHttp.upgrade(TestConfigs.PATH,
                "Sec-WebSocket-Protocol: wamp.2.json\r\n" + offer))) {
            Deflater deflater = new Deflater(6, true);
            Inflater inflater = new Inflater(true);
            byte[] hello = Serializers.of(SerializerKind.JSON).encode(WampTestClient.hello());
            c.send(frame(compressed, deflater, hello));
            byte[] welcome = c.next().payload();
            if (compressed) {
                inflate(inflater, welcome); // the inflater's window must see every message
            }
            long sent = 0;
            long received = 0;
            long start = System.nanoTime();
            long cpuStart = CPU.getProcessCpuTime();
            for (int i = 1; i <= n; i++) {
                byte[] publish = ("[16," + i + ",{\"acknowledge\":true},\"com.example.sensor.reading\","
                        + "[21.5,\"celsius\"],{\"sensor\":\"kitchen-" + (i % 10) + "\"}]")
                        .getBytes(StandardCharsets.UTF_8);
                byte[] payload = compressed ? compress(deflater, publish) : publish;
                sent += payload.length;
                c.send(WsFrames.client(true, compressed ? 4 : 0, WsFrames.TEXT, payload, true,
                        WsFrames.Length.MINIMAL));
                byte[] answer = c.next().payload();
                received += answer.length;
                if (compressed) {
                    inflate(inflater, answer);
                }
            }
            double micros = (System.nanoTime() - start) / 1000.0 / n;
            double cpuMicros = (CPU.getProcessCpuTime() - cpuStart) / 1000.0 / n;
            return String.format("%-8s %6.1f µs per round trip (wall), %6.1f µs CPU (client and router), "
                            + "%5.1f bytes per PUBLISH, %5.1f per PUBLISHED", compressed ? "deflate" : "plain",
                    micros, cpuMicros, (double) sent / n, (double) received / n);
        }
    }

    private static byte[] frame(boolean compressed, Deflater deflater, byte[] message) {
        return WsFrames.client(true, compressed ? 4 : 0, WsFrames.TEXT, compressed ? compress(deflater, message)
                : message, true, WsFrames.Length.MINIMAL);
    }

    private static byte[] compress(Deflater deflater, byte[] message) {
        deflater.setInput(message);
        byte[] buffer = new byte[message.length + 64];
        int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        return Arrays.copyOf(buffer, n - TAIL.length);
    }

    private static byte[] inflate(Inflater inflater, byte[] payload) {
        byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
        System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int k;
            while ((k = inflater.inflate(buffer)) > 0) {
                out.write(buffer, 0, k);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
