package io.bondy.core.id;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** IDs per the spec's scopes: global ids are random in [1, 2^53]; router ids are unique per router. */
public final class IdGenerator {

    /** 2^53, the largest ID the spec allows. */
    public static final long MAX_ID = 1L << 53;

    /**
     * Starts at a random point of the lower half of the range, so that the routers of one cluster
     * (which share registrations, subscriptions and their meta events) hand out disjoint ids in practice.
     */
    private final AtomicLong routerScope = new AtomicLong(ThreadLocalRandom.current().nextLong(MAX_ID / 2));

    /** A global-scope ID: uniformly random in [1, 2^53] (sessions, publications). */
    public static long global() {
        return ThreadLocalRandom.current().nextLong(MAX_ID) + 1;
    }

    /** A session id: like {@link #global()} but from a cryptographic source, since it identifies a peer. */
    public static long sessionId(SecureRandom random) {
        return (random.nextLong() >>> 11) % MAX_ID + 1;
    }

    /**
     * A router-scope ID (subscriptions, registrations): unique for this router, never 0; counting up
     * from a random start (see {@link #routerScope}).
     */
    public long nextRouterScoped() {
        return routerScope.updateAndGet(v -> v >= MAX_ID ? 1 : v + 1);
    }

    /** A session-scope ID: increment by one from 1, wrapping to 1 after 2^53. */
    public static long nextSessionScoped(AtomicLong counter) {
        return counter.updateAndGet(v -> v >= MAX_ID ? 1 : v + 1);
    }
}
