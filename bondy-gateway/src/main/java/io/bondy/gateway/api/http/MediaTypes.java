package io.bondy.gateway.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Content negotiation against a path's {@code accepts} and {@code provides}: media types compare by
 * type and subtype, parameters ignored ({@code application/json; charset=utf-8} is JSON).
 */
public final class MediaTypes {

    public static final String JSON = "application/json";
    public static final String MSGPACK = "application/msgpack";
    public static final String FORM = "application/x-www-form-urlencoded";

    private MediaTypes() {
    }

    /** {@code type/subtype} in lower case, parameters dropped. */
    public static String essence(String mediaType) {
        int semi = mediaType.indexOf(';');
        return (semi < 0 ? mediaType : mediaType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The entry of {@code accepts} matching a request's {@code Content-Type}, or null. */
    public static String accepted(String contentType, List<String> accepts) {
        String e = essence(contentType);
        for (String a : accepts) {
            if (essence(a).equals(e)) {
                return essence(a);
            }
        }
        return null;
    }

    /**
     * The media type to answer in: the provided type the {@code Accept} header ranks highest (ties and
     * wildcards prefer the order of {@code provides}, JSON first as in Bondy), or null when none is acceptable.
     */
    public static String negotiate(String acceptHeader, List<String> provides) {
        Negotiated last = LAST.get();
        if (last != null && last.provides == provides && java.util.Objects.equals(last.accept, acceptHeader)) {
            return last.result; // clients send the same Accept to the same path request after request
        }
        String result = negotiateNow(acceptHeader, provides);
        LAST.set(new Negotiated(acceptHeader, provides, result));
        return result;
    }

    /** The last negotiation on this thread (an event loop): its inputs by identity for the spec's list. */
    private record Negotiated(String accept, List<String> provides, String result) {
    }

    private static final ThreadLocal<Negotiated> LAST = new ThreadLocal<>();

    private static String negotiateNow(String acceptHeader, List<String> provides) {
        List<String> provided = new ArrayList<>();
        provides.forEach(p -> provided.add(essence(p)));
        if (provided.remove(JSON)) {
            provided.add(0, JSON);
        }
        if (acceptHeader == null || acceptHeader.isBlank()) {
            return provided.get(0);
        }
        String best = null;
        double bestQ = 0;
        int bestIndex = Integer.MAX_VALUE;
        String[] ranges = acceptHeader.split(",", 32);
        for (String range : ranges) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q <= 0) {
                continue;
            }
            for (int i = 0; i < provided.size(); i++) {
                String p = provided.get(i);
                if (matches(type, p) && (q > bestQ || (q == bestQ && i < bestIndex))) {
                    best = p;
                    bestQ = q;
                    bestIndex = i;
                }
            }
        }
        return best;
    }

    private static boolean matches(String range, String type) {
        if (range.equals("*/*") || range.equals("*")) {
            return true;
        }
        if (range.endsWith("/*")) {
            return type.startsWith(range.substring(0, range.length() - 1));
        }
        return range.equals(type);
    }
}
