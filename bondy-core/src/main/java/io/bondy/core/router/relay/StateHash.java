package io.bondy.core.router.relay;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The hash of a node's routing state in a {@link RelayMessage.Digest}: the sum of a 64-bit FNV-1a
 * hash of each route (realm, kind, URI, match, invocation policy) and each client session (realm,
 * id). A sum does not depend on order, so the owner keeps it up to date change by change and a
 * receiver computes it over its copy; the same on every JVM (no {@code hashCode} of enums or records).
 *
 * <p>Threading: stateless.
 */
final class StateHash {

    private StateHash() {
    }

    static long of(RelayMessage.Route r) {
        long h = mix(0xcbf29ce484222325L, r.realm());
        h = mix(h, r.kind().name());
        h = mix(h, r.uri());
        h = mix(h, r.match().wireName());
        return mix(h, r.invoke() == null ? "" : r.invoke().wireName());
    }

    static long of(RelayMessage.SessionEntry e) {
        return session(e.realm(), e.id());
    }

    static long session(String realm, long id) {
        long h = mix(0x84222325cbf29ce4L, realm);
        for (int i = 0; i < 8; i++) {
            h = (h ^ ((id >>> (8 * i)) & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    static long of(Collection<RelayMessage.Route> routes, Collection<RelayMessage.SessionEntry> sessions) {
        long sum = 0;
        for (RelayMessage.Route r : routes) {
            sum += of(r);
        }
        for (RelayMessage.SessionEntry e : sessions) {
            sum += of(e);
        }
        return sum;
    }

    private static long mix(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (h ^ 0xff) * 0x100000001b3L; // a separator: ("ab", "c") and ("a", "bc") differ
    }
}
