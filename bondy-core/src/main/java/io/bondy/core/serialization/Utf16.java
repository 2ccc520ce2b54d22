package io.bondy.core.serialization;

import io.bondy.core.message.ProtocolViolationException;

/**
 * Strings decoded from JSON (whose {@code \\uD83D} escapes may leave half a surrogate pair) or CBOR must be
 * Unicode text: an unpaired surrogate cannot be written as UTF-8 for a MessagePack, CBOR or JSON peer (Java
 * would put '?' in its place), so the message that holds one is a protocol violation rather than a value the
 * router would alter on its way. The scan costs one comparison per char and allocates nothing.
 *
 * <p>Threading: pure.
 */
final class Utf16 {

    private Utf16() {
    }

    /** Throws if {@code s} holds a surrogate that is not part of a pair. */
    static void requirePaired(String s, String format) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw unpaired(c, format);
                }
            }
        }
    }

    private static ProtocolViolationException unpaired(char c, String format) {
        return new ProtocolViolationException(String.format("a %s string holds an unpaired surrogate (\\u%04X):"
                + " not Unicode text, it cannot be passed on as UTF-8", format, (int) c));
    }
}
