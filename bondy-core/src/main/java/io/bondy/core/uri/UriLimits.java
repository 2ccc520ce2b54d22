package io.bondy.core.uri;

import java.util.Locale;

/**
 * Bounds on every URI a client names (topics, procedures, patterns, error URIs, the realm in HELLO),
 * checked before the router does any other work with it: its length in UTF-8 bytes and its number of
 * components. They keep what a URI costs (the routing tables, each lookup) small and bounded, whatever
 * the message size limit of the transport.
 *
 * @param maxLength     the longest URI in UTF-8 bytes ({@code wamp.uri_max_length})
 * @param maxComponents the most components ('.'-separated parts, empty ones included) a URI or
 *                      pattern may have ({@code wamp.uri_max_components})
 */
public record UriLimits(int maxLength, int maxComponents) {

    /** The configuration key of {@link #maxLength()}. */
    public static final String MAX_LENGTH_KEY = "wamp.uri_max_length";
    /** The configuration key of {@link #maxComponents()}. */
    public static final String MAX_COMPONENTS_KEY = "wamp.uri_max_components";
    /** 512 bytes (Crossbar's and common practice) and 64 components. */
    public static final UriLimits DEFAULTS = new UriLimits(512, 64);

    public UriLimits {
        if (maxLength <= 0) {
            throw new IllegalArgumentException(MAX_LENGTH_KEY + " must be positive, got " + maxLength);
        }
        if (maxComponents <= 0) {
            throw new IllegalArgumentException(MAX_COMPONENTS_KEY + " must be positive, got " + maxComponents);
        }
    }

    /**
     * Why {@code uri} is over a limit, or null if it is within both (a null URI is within: the
     * validators refuse it). Costs at most {@code maxLength} character reads, however long the URI.
     */
    public String violation(String uri) {
        if (uri == null) {
            return null;
        }
        // a char is at least one UTF-8 byte, so more chars than bytes allowed is over without counting
        if (uri.length() > maxLength) {
            return "is longer than " + maxLength + " bytes (" + MAX_LENGTH_KEY + ")";
        }
        int bytes = 0;
        int components = 1;
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x80) {
                bytes++;
                if (c == '.') {
                    components++;
                }
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < uri.length() && Character.isLowSurrogate(uri.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        if (bytes > maxLength) {
            return "is longer than " + maxLength + " bytes (" + MAX_LENGTH_KEY + ")";
        }
        if (components > maxComponents) {
            return "has more than " + maxComponents + " components (" + MAX_COMPONENTS_KEY + ")";
        }
        return null;
    }

    /** Whether {@code uri} is within both limits. */
    public boolean admits(String uri) {
        return violation(uri) == null;
    }

    /**
     * A URI for a message or a log line: as is when short, else its first 64 characters and its length,
     * so a refused 8 MB URI is never echoed back or logged whole.
     */
    public static String abbreviate(String uri) {
        if (uri == null || uri.length() <= 80) {
            return uri;
        }
        return String.format(Locale.ROOT, "%s... (%,d characters)", uri.substring(0, 64), uri.length());
    }
}
