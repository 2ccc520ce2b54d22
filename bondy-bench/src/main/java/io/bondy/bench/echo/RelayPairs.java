package io.bondy.bench.echo;

import io.netty.channel.Channel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code /relay/KEY} connections of the echo server, two per key: every message one of them
 * sends goes to the other. Many pairs at once give many independent two-hop calls (a caller and
 * its reflector each), which one {@code /broadcast} group cannot.
 *
 * <p>Threading: joins and leaves from any event loop; {@link #partner} is a lock-free read.
 */
final class RelayPairs {

    private final ConcurrentMap<String, Pair> pairs = new ConcurrentHashMap<>();

    /** Adds {@code channel} to the pair of {@code key}; false if that pair has two members already. */
    boolean join(String key, Channel channel) {
        Pair pair = pairs.computeIfAbsent(key, k -> new Pair());
        synchronized (pair) {
            if (pair.a == null) {
                pair.a = channel;
            } else if (pair.b == null) {
                pair.b = channel;
            } else {
                return false;
            }
        }
        channel.closeFuture().addListener(f -> leave(key, pair, channel));
        return true;
    }

    /** The other member of {@code self}'s pair, or null while it has none. */
    Channel partner(String key, Channel self) {
        Pair pair = pairs.get(key);
        if (pair == null) {
            return null;
        }
        Channel a = pair.a;
        Channel b = pair.b;
        return a == self ? b : b == self ? a : null;
    }

    private void leave(String key, Pair pair, Channel channel) {
        synchronized (pair) {
            if (pair.a == channel) {
                pair.a = null;
            }
            if (pair.b == channel) {
                pair.b = null;
            }
            if (pair.a == null && pair.b == null) {
                pairs.remove(key, pair);
            }
        }
    }

    private static final class Pair {
        volatile Channel a;
        volatile Channel b;
    }
}
