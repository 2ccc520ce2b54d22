package io.bondy.security.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An authentication source: user {@code username} (or {@code all}, or {@code anonymous}) may use
 * {@code authmethod} from addresses in {@code cidr}.
 */
public record Source(String username, String authmethod, Cidr cidr, Map<String, Object> meta) {

    public static final String ALL = "all";

    public Source {
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    /** {@code {usernames: "all" | [name...], authmethod, cidr, meta}}: one source per username. */
    public static List<Source> fromInput(Map<String, Object> in) {
        String method = AuthMethods.check(Fields.requiredString(in, "authmethod"));
        Cidr cidr = Cidr.parse(Fields.requiredString(in, "cidr"));
        Map<String, Object> meta = Fields.dict(in.get("meta"), "meta");
        List<Source> out = new ArrayList<>();
        for (String u : usernames(in.get("usernames"))) {
            out.add(new Source(u, method, cidr, meta));
        }
        return out;
    }

    /** {@code "all"}, {@code "anonymous"} or a list of usernames (possibly including those two). */
    public static List<String> usernames(Object value) {
        List<String> raw = Fields.strings(value, "usernames");
        if (raw.isEmpty()) {
            throw new SecurityError(SecurityError.MISSING_REQUIRED_VALUE, "'usernames' is required");
        }
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            String n = Names.normalize(r);
            out.add(ALL.equals(n) || "anonymous".equals(n) ? n : Names.checkName("user", r));
        }
        return out;
    }

    public boolean appliesTo(String user) {
        return username.equals(user) || (ALL.equals(username) && !"anonymous".equals(user));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "source");
        m.put("usernames", List.of(username));
        m.put("authmethod", authmethod);
        m.put("cidr", cidr.toString());
        m.put("meta", meta);
        return m;
    }

    @SuppressWarnings("unchecked")
    public static Source fromStored(Map<String, Object> m) {
        return new Source(((List<String>) m.get("usernames")).get(0), (String) m.get("authmethod"),
                Cidr.parse((String) m.get("cidr")), (Map<String, Object>) m.get("meta"));
    }

    /** The store key part: unique per (username, authmethod, network). */
    public String key() {
        return username + "|" + authmethod + "|" + cidr.toString().replace('/', '_');
    }
}
