package io.bondy.core.serialization;

import io.bondy.core.message.ProtocolViolationException;
import java.util.Base64;

/**
 * The WAMP JSON convention for binary values: a byte array travels as a JSON string made of a NUL
 * character followed by the standard Base64 (with padding) of the bytes.
 */
final class JsonBinary {

    /** The NUL prefix as it appears, escaped, between the quotes of a JSON string. */
    private static final byte[] ESCAPED_PREFIX = {'\\', 'u', '0', '0', '0', '0'};
    private static final int MAX_ASCII = 0x7F;

    private JsonBinary() {
    }

    /**
     * The content of the JSON string (without quotes) for {@code data}: the NUL as a JSON escape,
     * then Base64. It is plain ASCII needing no further escaping, so it can be written raw.
     */
    static byte[] escapedString(byte[] data) {
        int encodedLength = 4 * ((data.length + 2) / 3);
        byte[] out = new byte[ESCAPED_PREFIX.length + encodedLength];
        // java.util.Base64 only writes at offset 0: encode, then shift right to make room.
        Base64.getEncoder().encode(data, out);
        System.arraycopy(out, 0, out, ESCAPED_PREFIX.length, encodedLength);
        System.arraycopy(ESCAPED_PREFIX, 0, out, 0, ESCAPED_PREFIX.length);
        return out;
    }

    /** Decodes the Base64 that follows the NUL of a binary string, {@code length} chars from {@code from}. */
    static byte[] decode(char[] chars, int from, int length) {
        byte[] ascii = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = chars[from + i];
            if (c > MAX_ASCII) {
                throw invalid("non-ASCII character", null);
            }
            ascii[i] = (byte) c;
        }
        try {
            return Base64.getDecoder().decode(ascii);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage(), e);
        }
    }

    private static ProtocolViolationException invalid(String what, Throwable cause) {
        return new ProtocolViolationException("a JSON binary string (\\u0000 + Base64) is not valid Base64: "
                + what, cause);
    }
}
