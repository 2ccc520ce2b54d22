package io.bondy.gateway.oauth2;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body, as RFC 6749 3.2 wants it read. */
final class FormBody {

    private FormBody() {
    }

    /**
     * The parameters of {@code body}; a parameter sent twice, or bad percent-encoding, is an
     * {@link IllegalArgumentException} (RFC 6749 3.2: parameters must not be included more than once).
     * Empty values count as absent.
     */
    static Map<String, String> parse(String body) {
        Map<String, List<String>> raw = new QueryStringDecoder(body, StandardCharsets.UTF_8, false, 64).parameters();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : raw.entrySet()) {
            if (e.getValue().size() > 1) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' is given more than once");
            }
            if (!e.getValue().get(0).isEmpty()) {
                out.put(e.getKey(), e.getValue().get(0));
            }
        }
        return out;
    }
}
