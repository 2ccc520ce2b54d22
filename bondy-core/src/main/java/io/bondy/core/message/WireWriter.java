package io.bondy.core.message;

import java.util.List;

/** Appends the payload elements of a message array. */
final class WireWriter {

    private WireWriter() {
    }

    /**
     * Arguments are written only as far as needed: no empty trailing elements, except that an
     * explicit (even empty) {@code Arguments} list is kept so a message is forwarded as it came.
     * ArgumentsKw is never written as null (strict clients reject that).
     */
    static void addPayload(List<Object> wire, Payload payload) {
        if (payload instanceof Payload.Transparent t) {
            wire.add(t.bytes());
        } else if (payload instanceof Payload.Arguments a) {
            if (a.kwargs() != null && !a.kwargs().isEmpty()) {
                wire.add(a.argsOrEmpty());
                wire.add(a.kwargs());
            } else if (a.args() != null) {
                wire.add(a.args());
            }
        }
    }
}
