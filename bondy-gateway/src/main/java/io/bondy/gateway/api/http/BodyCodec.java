package io.bondy.gateway.api.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * Request and response bodies as plain values: JSON and MessagePack through Jackson (nesting bounded),
 * forms as a map of strings; any other media type stays a string (UTF-8).
 *
 * <p>Thread-safe.
 */
public final class BodyCodec {

    /** Deepest nesting a body may have. */
    public static final int MAX_DEPTH = 64;

    private static final ObjectMapper JSON = mapper(new ObjectMapper()).enable(
            DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper MSGPACK = mapper(new ObjectMapper(new MessagePackFactory()));

    private BodyCodec() {
    }

    private static ObjectMapper mapper(ObjectMapper m) {
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        m.enable(DeserializationFeature.USE_LONG_FOR_INTS);
        return m;
    }

    /**
     * Decodes {@code bytes} of media type {@code essence} ({@link MediaTypes#essence}); an empty body
     * is {@code ""} (Bondy's empty body).
     *
     * @throws IllegalArgumentException when the body is not valid for its type
     */
    public static Object decode(String essence, byte[] bytes) {
        if (bytes.length == 0) {
            return "";
        }
        try {
            return switch (essence) {
                case MediaTypes.JSON -> JSON.readValue(bytes, Object.class);
                case MediaTypes.MSGPACK -> MSGPACK.readValue(bytes, Object.class);
                case MediaTypes.FORM -> form(new String(bytes, StandardCharsets.UTF_8));
                default -> new String(bytes, StandardCharsets.UTF_8);
            };
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int nl = why.indexOf('\n');
            throw new IllegalArgumentException("the body is not valid " + essence + ": "
                    + (nl > 0 ? why.substring(0, nl) : why));
        }
    }

    /** Encodes {@code value} as {@code essence}; a string of another media type is sent as it is. */
    public static byte[] encode(String essence, Object value) {
        try {
            if (essence.equals(MediaTypes.MSGPACK)) {
                return MSGPACK.writeValueAsBytes(value);
            }
            if (essence.equals(MediaTypes.JSON)) {
                return JSON.writeValueAsBytes(value);
            }
            if (value instanceof byte[] b) {
                return b;
            }
            if (value instanceof String s) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode the body as " + essence + ": " + e.getMessage());
        }
    }

    /** {@code a=1&b=x} → {@code {a: "1", b: "x"}} (a repeated key keeps its last value). */
    public static Map<String, Object> form(String body) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&", 1025)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
