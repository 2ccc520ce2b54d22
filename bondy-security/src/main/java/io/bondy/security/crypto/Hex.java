package io.bondy.security.crypto;

import java.util.HexFormat;

/** Lower-case hex, strict on input: odd lengths and non-hex characters are refused. */
public final class Hex {

    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    /** @throws IllegalArgumentException if {@code hex} is not an even-length hex string */
    public static byte[] decode(String hex) {
        if (hex == null || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("not a hex string of even length");
        }
        return FORMAT.parseHex(hex.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether {@code s} is a hex string of exactly {@code bytes} bytes. */
    public static boolean isHex(String s, int bytes) {
        if (s == null || s.length() != bytes * 2) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
