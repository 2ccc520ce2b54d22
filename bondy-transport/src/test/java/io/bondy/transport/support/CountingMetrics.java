package io.bondy.transport.support;

import io.bondy.core.spi.RouterMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the connection limits and deadlines the transports report, by {@code listener/what}. */
public final class CountingMetrics implements RouterMetrics {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Override
    public void connectionRefused(String listener) {
        counts.computeIfAbsent(listener + "/refused", k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void connectionTimedOut(String listener, String deadline) {
        counts.computeIfAbsent(listener + "/" + deadline, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void tlsHandshakeFailed(String listener, String reason) {
        counts.computeIfAbsent(listener + "/tls_" + reason, k -> new AtomicInteger()).incrementAndGet();
    }

    /** E.g. {@code count("rawsocket/handshake")}, {@code count("websocket/refused")}. */
    public int count(String key) {
        AtomicInteger n = counts.get(key);
        return n == null ? 0 : n.get();
    }
}
