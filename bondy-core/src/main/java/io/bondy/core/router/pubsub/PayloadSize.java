package io.bondy.core.router.pubsub;

import io.bondy.core.message.Payload;
import java.util.List;
import java.util.Map;

/**
 * A cheap estimate of a payload's size in bytes, for the bounds of the retained and history
 * stores. Close to the MessagePack size; exact for transparent payloads.
 */
final class PayloadSize {

    private static final int MAX_DEPTH = 64;

    private PayloadSize() {
    }

    static long of(Payload payload) {
        if (payload instanceof Payload.Transparent t) {
            return t.length();
        }
        Payload.Arguments a = (Payload.Arguments) payload;
        return of(a.args(), 0) + of(a.kwargs(), 0);
    }

    private static long of(Object value, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return 1;
        }
        if (value instanceof String s) {
            return 2L + s.length();
        }
        if (value instanceof byte[] b) {
            return 2L + b.length;
        }
        if (value instanceof List<?> l) {
            long n = 2;
            for (Object o : l) {
                n += of(o, depth + 1);
            }
            return n;
        }
        if (value instanceof Map<?, ?> m) {
            long n = 2;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += of(e.getKey(), depth + 1) + of(e.getValue(), depth + 1);
            }
            return n;
        }
        return 9; // numbers, booleans
    }
}
