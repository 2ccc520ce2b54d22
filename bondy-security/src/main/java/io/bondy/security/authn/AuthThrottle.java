package io.bondy.security.authn;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses authentication from an address that failed {@code maxFailures} times within
 * {@code window}, for {@code block}. Success clears the address's count. The table is bounded:
 * when it grows past {@value #MAX_TRACKED} addresses, entries whose window has passed are dropped.
 *
 * <p>Threading: thread-safe.
 */
public final class AuthThrottle {

    static final int MAX_TRACKED = 100_000;

    private final int maxFailures;
    private final long windowMillis;
    private final long blockMillis;
    private final Clock clock;
    private final Map<InetAddress, Failures> table = new ConcurrentHashMap<>();

    private record Failures(int count, long windowStart, long blockedUntil) {
    }

    public AuthThrottle(int maxFailures, Duration window, Duration block, Clock clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.blockMillis = block.toMillis();
        this.clock = clock;
    }

    public boolean isBlocked(InetAddress address) {
        if (maxFailures <= 0 || address == null) {
            return false;
        }
        Failures f = table.get(address);
        return f != null && f.blockedUntil > clock.millis();
    }

    public void failed(InetAddress address) {
        if (maxFailures <= 0 || address == null) {
            return;
        }
        long now = clock.millis();
        if (table.size() >= MAX_TRACKED) {
            table.values().removeIf(f -> f.blockedUntil <= now && now - f.windowStart > windowMillis);
        }
        table.compute(address, (a, f) -> {
            if (f == null || now - f.windowStart > windowMillis) {
                f = new Failures(0, now, 0);
            }
            int count = f.count + 1;
            return new Failures(count, f.windowStart, count >= maxFailures ? now + blockMillis : f.blockedUntil);
        });
    }

    public void succeeded(InetAddress address) {
        if (address != null) {
            table.remove(address);
        }
    }
}
