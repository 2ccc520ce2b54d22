package io.bondy.core.router.rpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code invoke} option of REGISTER: which callee of a shared registration gets a call.
 * {@code single}, {@code roundrobin}, {@code random}, {@code first} and {@code last} are the spec's;
 * {@code jump_consistent_hash} (by the call's {@code rkey}) and {@code queue_least_loaded} (the
 * callee with the fewest invocations in flight) are Bondy's.
 */
public enum InvokePolicy {
    SINGLE("single"),
    ROUNDROBIN("roundrobin"),
    RANDOM("random"),
    FIRST("first"),
    LAST("last"),
    JUMP_CONSISTENT_HASH("jump_consistent_hash"),
    QUEUE_LEAST_LOADED("queue_least_loaded");

    private final String wireName;

    InvokePolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Reads {@code invoke} from REGISTER options already type-checked by the codec; missing is single. */
    public static InvokePolicy fromOptions(Map<String, Object> options) {
        return of(options.get("invoke"));
    }

    /** The policy named {@code invoke} (REGISTER's option, already type-checked); null is single. */
    public static InvokePolicy of(Object invoke) {
        if (invoke == null) {
            return SINGLE;
        }
        for (InvokePolicy p : values()) {
            if (p.wireName.equals(invoke)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown invocation policy '" + invoke + "'");
    }

    /**
     * Picks the callee for one call, or null when none is attached.
     *
     * @param rkey the call's routing key ({@code jump_consistent_hash} needs one)
     * @throws IllegalArgumentException when {@code jump_consistent_hash} gets no rkey
     */
    Registration.Callee pick(Registration reg, String rkey) {
        return pick(reg, reg.callees(), rkey);
    }

    /** Picks among {@code callees}, a subset of the registration's (e.g. only this node's). */
    Registration.Callee pick(Registration reg, List<Registration.Callee> callees, String rkey) {
        if (callees.isEmpty()) {
            return null;
        }
        return switch (this) {
            case SINGLE, FIRST -> callees.get(0);
            case LAST -> callees.get(callees.size() - 1);
            case ROUNDROBIN -> callees.get(Math.floorMod(reg.nextRoundRobin(), callees.size()));
            case RANDOM -> callees.get(ThreadLocalRandom.current().nextInt(callees.size()));
            case JUMP_CONSISTENT_HASH -> {
                if (rkey == null) {
                    throw new IllegalArgumentException("procedure '" + reg.procedure()
                            + "' is registered with invoke jump_consistent_hash: a call needs the option 'rkey'");
                }
                yield callees.get(JumpConsistentHash.bucket(rkey, callees.size()));
            }
            case QUEUE_LEAST_LOADED -> leastLoaded(callees);
        };
    }

    private static Registration.Callee leastLoaded(List<Registration.Callee> callees) {
        Registration.Callee best = callees.get(0);
        int bestLoad = CallTables.of(best.session()).invocations.size();
        for (int i = 1; i < callees.size(); i++) {
            int load = CallTables.of(callees.get(i).session()).invocations.size();
            if (load < bestLoad) {
                best = callees.get(i);
                bestLoad = load;
            }
        }
        return best;
    }
}
