package io.bondy.server.admin.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A path like {@code /realms/{realm}/users/{username}}: literal segments and named variables. */
final class PathTemplate {

    private final String text;
    private final List<String> segments;

    PathTemplate(String text) {
        this.text = text;
        this.segments = split(text);
    }

    /** The variables when {@code path} matches, each URL-decoded. */
    Optional<Map<String, String>> match(String path) {
        List<String> parts = split(path);
        if (parts.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String t = segments.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                String value = URLDecoder.decode(parts.get(i), StandardCharsets.UTF_8);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                vars.put(t.substring(1, t.length() - 1), value);
            } else if (!t.equals(parts.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(vars);
    }

    private static List<String> split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }

    @Override
    public String toString() {
        return text;
    }
}
