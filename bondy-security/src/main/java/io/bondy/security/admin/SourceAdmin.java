package io.bondy.security.admin;

import io.bondy.security.authz.SecurityState;
import io.bondy.security.model.Cidr;
import io.bondy.security.model.Source;
import io.bondy.security.store.SecurityStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sources: which users may use which auth method from which network. Meta events
 * {@code bondy.source.added}, {@code bondy.source.deleted}.
 *
 * <p>Threading: thread-safe.
 */
public final class SourceAdmin {

    private final SecurityStore store;
    private final SecurityEvents events;

    public SourceAdmin(SecurityState state, SecurityEvents events) {
        this.store = state.store();
        this.events = events;
    }

    /**
     * Adds the source for each of its usernames; returns it as Bondy does, one source object:
     * {@code {type: "source", usernames, authmethod, cidr, meta}}.
     */
    public Map<String, Object> add(String realm, Map<String, Object> input) {
        List<String> usernames = new ArrayList<>();
        Map<String, Object> out = null;
        for (Source s : Source.fromInput(input)) {
            store.putSource(realm, s);
            usernames.add(s.username());
            out = s.toMap();
            events.publish(realm, "bondy.source.added", List.of(realm, s.toMap()));
        }
        out = new java.util.LinkedHashMap<>(out);
        out.put("usernames", usernames);
        return out;
    }

    /** {@code delete(realm, usernames, cidr)}: every source of those users for that network. */
    public int delete(String realm, Object usernames, String cidr) {
        List<String> users = Source.usernames(usernames);
        Cidr net = Cidr.parse(cidr);
        int n = 0;
        for (Source s : store.sources(realm)) {
            if (users.contains(s.username()) && s.cidr().equals(net)) {
                store.deleteSource(realm, s);
                events.publish(realm, "bondy.source.deleted", List.of(realm, s.toMap()));
                n++;
            }
        }
        return n;
    }

    public List<Map<String, Object>> list(String realm) {
        return store.sources(realm).stream().map(Source::toMap).toList();
    }

    /** The sources of {@code username} (and of {@code all}), optionally only those containing {@code ip}. */
    public List<Map<String, Object>> match(String realm, String username, String ip) {
        InetAddress address = ip == null ? null : parseIp(ip);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Source s : store.sources(realm)) {
            if (s.appliesTo(username) && (address == null || s.cidr().contains(address))) {
                out.add(s.toMap());
            }
        }
        return out;
    }

    private static InetAddress parseIp(String ip) {
        Cidr.parse(ip); // validates it is a literal address
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new io.bondy.security.model.SecurityError(io.bondy.security.model.SecurityError.INVALID_DATA,
                    "invalid ip '" + ip + "'");
        }
    }
}
