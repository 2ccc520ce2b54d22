package io.bondy.bridge.outbox;

import io.bondy.bridge.spi.OutboundRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record waiting for its broker, with the wall-clock time (ms) the router accepted its publication
 * (for the end-to-end latency; it survives a spill and a restart). Spilled records keep their topic,
 * key, value and headers; of the options only string, number and boolean values.
 */
public record PendingRecord(OutboundRecord record, long acceptedAtMillis) {

    private static final int FORMAT = 1;

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + record.value().length);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeLong(acceptedAtMillis);
            out.writeUTF(record.topic());
            writeBytes(out, record.key());
            writeBytes(out, record.value());
            Map<String, String> headers = record.headers() == null ? Map.of() : record.headers();
            out.writeInt(headers.size());
            for (Map.Entry<String, String> h : headers.entrySet()) {
                out.writeUTF(h.getKey());
                out.writeUTF(h.getValue());
            }
            Map<String, Object> options = record.options() == null ? Map.of() : record.options();
            Map<String, Object> scalar = new LinkedHashMap<>();
            options.forEach((k, v) -> {
                if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                    scalar.put(k, v);
                }
            });
            out.writeInt(scalar.size());
            for (Map.Entry<String, Object> o : scalar.entrySet()) {
                out.writeUTF(o.getKey());
                Object v = o.getValue();
                if (v instanceof String s) {
                    out.writeByte('s');
                    out.writeUTF(s);
                } else if (v instanceof Boolean b) {
                    out.writeByte('b');
                    out.writeBoolean(b);
                } else if (v instanceof Double || v instanceof Float) {
                    out.writeByte('d');
                    out.writeDouble(((Number) v).doubleValue());
                } else {
                    out.writeByte('l');
                    out.writeLong(((Number) v).longValue());
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PendingRecord decode(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown spill format " + format);
            }
            long at = in.readLong();
            String topic = in.readUTF();
            byte[] key = readBytes(in);
            byte[] value = readBytes(in);
            int n = in.readInt();
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                headers.put(in.readUTF(), in.readUTF());
            }
            int m = in.readInt();
            Map<String, Object> options = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) {
                String k = in.readUTF();
                int type = in.readByte();
                options.put(k, switch (type) {
                    case 's' -> in.readUTF();
                    case 'b' -> in.readBoolean();
                    case 'd' -> in.readDouble();
                    default -> in.readLong();
                });
            }
            return new PendingRecord(new OutboundRecord(topic, key, value, headers, options), at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        return in.readNBytes(n);
    }
}
