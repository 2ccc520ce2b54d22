package io.bondy.security.model;

import io.bondy.core.message.MatchPolicy;
import io.bondy.security.crypto.Hex;
import io.bondy.security.crypto.Kdf;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Permissions one role has on one resource.
 *
 * @param role        {@code all}, {@code anonymous}, {@code user/NAME} or {@code group/NAME}
 * @param resource    the URI pattern, or any URI
 * @param permissions a mask of {@link Permission} bits
 */
public record Grant(String role, Resource resource, int permissions) {

    public static final String ALL = "all";
    public static final String ANONYMOUS = "anonymous";

    public static String userRole(String username) {
        return "user/" + username;
    }

    public static String groupRole(String group) {
        return "group/" + group;
    }

    /** A short stable key for (role, resource), unique within a realm. */
    public String key() {
        String id = role + "\n" + (resource.isAny() ? "any" : resource.match().wireName()) + "\n" + resource.uri();
        return Hex.encode(Kdf.sha256(id.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }

    public Grant withPermissions(int mask) {
        return new Grant(role, resource, mask);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roles", List.of(role));
        m.put("permissions", Permission.names(permissions));
        m.put("resources", resource.toValue());
        m.put("resource", resource.toBondyValue()); // Bondy's key and form (externalize_grant)
        return m;
    }

    @SuppressWarnings("unchecked")
    public static Grant fromStored(Map<String, Object> m) {
        Object r = m.get("resources");
        Resource res;
        if ("any".equals(r)) {
            res = Resource.ANY;
        } else {
            Map<String, Object> rm = (Map<String, Object>) r;
            res = new Resource((String) rm.get("uri"), MatchPolicy.fromOptions(rm));
        }
        return new Grant(((List<String>) m.get("roles")).get(0), res, Permission.mask((List<String>) m.get("permissions")));
    }
}
