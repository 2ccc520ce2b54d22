package io.bondy.security.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group of one realm: a role users (and other groups) belong to. Groups nest; cycles are refused.
 *
 * @param name   the unique, lower-case name
 * @param groups the groups this group belongs to
 * @param meta   free data for applications
 */
public record Group(String name, List<String> groups, Map<String, Object> meta) {

    public Group {
        groups = List.copyOf(groups);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    public static Group fromInput(Map<String, Object> in) {
        return new Group(Names.checkName("group", in.get("name")), Fields.names("group", Fields.strings(in, "groups")),
                Fields.dict(in.get("meta"), "meta"));
    }

    public Group update(Map<String, Object> in) {
        return new Group(name, in.containsKey("groups") ? Fields.names("group", Fields.strings(in, "groups")) : groups,
                in.containsKey("meta") ? Fields.dict(in.get("meta"), "meta") : meta);
    }

    public Group withGroups(List<String> value) {
        return new Group(name, Fields.names("group", value), meta);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "group");
        m.put("name", name);
        m.put("groups", groups);
        m.put("meta", meta);
        return m;
    }

    @SuppressWarnings("unchecked")
    public static Group fromStored(Map<String, Object> m) {
        return new Group((String) m.get("name"), (List<String>) m.get("groups"), (Map<String, Object>) m.get("meta"));
    }
}
