package io.bondy.bench.workload;

import io.bondy.core.message.Payload;
import java.util.List;

/** The send time carried as the first positional argument of CALL/PUBLISH and back. */
final class Args {

    private Args() {
    }

    static Payload of(long t0) {
        return Payload.of(List.of(t0));
    }

    /** The first positional argument as a long, or -1 if there is none. */
    static long t0(Payload payload) {
        if (payload instanceof Payload.Arguments a && a.args() != null && !a.args().isEmpty()
                && a.args().get(0) instanceof Number n) {
            return n.longValue();
        }
        return -1;
    }
}
