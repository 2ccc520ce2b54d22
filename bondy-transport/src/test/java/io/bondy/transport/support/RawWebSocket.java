package io.bondy.transport.support;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Hand-made WebSocket frames over a plain socket, for what a well-behaved client library will not
 * send (a single frame longer than the server's limit).
 */
public final class RawWebSocket {

    private RawWebSocket() {
    }

    /**
     * Upgrades with {@code wamp.2.json}, announces one masked text frame of {@code length} bytes and
     * returns the status code of the close frame the server answers with.
     */
    public static int closeCodeAfterAnnouncingFrameOf(int port, long length) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(RawHttp.upgrade(TestConfigs.PATH, "Sec-WebSocket-Protocol: wamp.2.json\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new AssertionError("upgrade refused: " + head);
            }
            out.writeByte(0x81);        // FIN + text
            out.writeByte(0x80 | 127);  // masked, 64-bit length follows
            out.writeLong(length);
            out.writeInt(0x01020304);   // masking key
            out.flush();
            int opcode = in.readUnsignedByte() & 0x0F;
            int payloadLength = in.readUnsignedByte() & 0x7F;
            if (opcode != 0x8 || payloadLength < 2) {
                throw new AssertionError("expected a close frame, got opcode " + opcode);
            }
            return in.readUnsignedShort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }
}
