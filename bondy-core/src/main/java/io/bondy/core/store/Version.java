package io.bondy.core.store;

import java.util.Objects;

/**
 * The version of a store entry: a hybrid logical clock reading and the node that wrote it. Versions
 * are totally ordered (clock, then node), which gives last-writer-wins across the cluster.
 *
 * @param clock the hybrid logical clock: physical milliseconds in the high 48 bits, a counter in the low 16
 * @param node  the writing node's name
 */
public record Version(long clock, String node) implements Comparable<Version> {

    public Version {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public int compareTo(Version other) {
        int c = Long.compare(clock, other.clock);
        return c != 0 ? c : node.compareTo(other.node);
    }

    public boolean isNewerThan(Version other) {
        return other == null || compareTo(other) > 0;
    }

    /** Wall-clock milliseconds of the write. */
    public long millis() {
        return clock >>> 16;
    }
}
