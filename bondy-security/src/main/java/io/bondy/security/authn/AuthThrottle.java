package io.bondy.security.authn;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login throttling, with two counters an attacker cannot reset (see {@link ThrottleSettings}):
 * <ul>
 *   <li>per <b>address</b> (an IPv6 address counts as its /64, which one host usually controls):
 *       {@code maxFailures} failures within {@code window}, whatever the realm and authid, refuse the
 *       address for {@code block} (online guessing from one machine);</li>
 *   <li>per <b>authid of a realm</b>: {@code authidMaxFailures} failures within {@code authidWindow},
 *       from any addresses, refuse that authid for {@code authidBlock} from everywhere (distributed
 *       guessing of one account).</li>
 * </ul>
 * A success takes back only the failures it explains: those of the identity that succeeded from the
 * address it succeeded from, in both counters. It does not clear failures the address had with other
 * identities (or other realms), nor those other addresses had with the identity. A blocked address or
 * authid stays blocked until its block ends. The start of every block is logged once, at WARN.
 *
 * <p>An authid is compared lower-cased and at most 129 characters long (user names have at most 128);
 * callers pass the username when the claimed authid is an alias of a known user.
 *
 * <p>Threading: thread-safe; cheap enough for event loops (one map lookup per check, a sweep of
 * expired entries at most once per window).
 */
public final class AuthThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottle.class);
    private static final int MAX_AUTHID = 129;
    /** The partner of a failure without an authid: nothing a success can take back. */
    private static final long NOBODY = 0;

    private final ThrottleSettings settings;
    private final Clock clock;
    private final FailureTable<InetAddress> addresses;
    private final FailureTable<Long> authids;
    /** Keys identities by a keyed hash, so attackers cannot make two of them collide on purpose. */
    private final long seed = new SecureRandom().nextLong();
    private final AtomicLong fullWarned = new AtomicLong(Long.MIN_VALUE / 2);

    public AuthThrottle(ThrottleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.addresses = new FailureTable<>(settings.maxFailures(), settings.window(), settings.block(),
                settings.maxEntries());
        this.authids = new FailureTable<>(settings.authidMaxFailures(), settings.authidWindow(),
                settings.authidBlock(), settings.maxEntries());
    }

    /**
     * Whether an authentication from {@code address} as {@code authid} (null if none is claimed) in
     * {@code realm} must be refused without being tried.
     */
    public boolean isBlocked(InetAddress address, String realm, String authid) {
        long now = clock.millis();
        return addresses.isBlocked(subject(address), now) || authids.isBlocked(identity(realm, authid), now);
    }

    /** Counts a failed authentication from {@code address} as {@code authid} (null if none) in {@code realm}. */
    public void failed(InetAddress address, String realm, String authid) {
        long now = clock.millis();
        InetAddress subject = subject(address);
        Long identity = identity(realm, authid);
        int byAddress = addresses.fail(subject, identity == null ? NOBODY : identity, now);
        int byAuthid = authids.fail(identity, addressHash(subject), now);
        if (byAddress == FailureTable.BLOCKED) {
            LOG.warn("Login throttling: blocking address {} for {} after {} failed authentications within {}"
                            + " (the last in realm '{}'{})", describe(subject), human(settings.block()),
                    settings.maxFailures(), human(settings.window()), printable(realm),
                    authid == null ? "" : " for authid '" + printable(authid) + "'");
        }
        if (byAuthid == FailureTable.BLOCKED) {
            LOG.warn("Login throttling: blocking authid '{}' in realm '{}' for {} after {} failed authentications"
                            + " within {} (the last from {})", printable(authid), printable(realm),
                    human(settings.authidBlock()), settings.authidMaxFailures(), human(settings.authidWindow()),
                    describe(subject));
        }
        if ((byAddress == FailureTable.FULL || byAuthid == FailureTable.FULL) && warnFull(now)) {
            LOG.warn("Login throttling: {} addresses and {} authids are tracked (security.throttle.max_entries = {});"
                            + " failures of new ones are not counted until entries expire", addresses.size(),
                    authids.size(), settings.maxEntries());
        }
    }

    /** {@code authid} logged in to {@code realm} from {@code address}: takes back the failures this explains. */
    public void succeeded(InetAddress address, String realm, String authid) {
        long now = clock.millis();
        InetAddress subject = subject(address);
        Long identity = identity(realm, authid);
        if (identity != null) {
            addresses.forgive(subject, identity, now);
        }
        authids.forgive(identity, addressHash(subject), now);
    }

    /** The address throttled for {@code address}: itself (IPv4), or its /64 (IPv6); null for null. */
    static InetAddress subject(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an address
        }
    }

    private Long identity(String realm, String authid) {
        if (authid == null || realm == null) {
            return null;
        }
        String name = authid.toLowerCase(Locale.ROOT);
        if (name.length() > MAX_AUTHID) {
            name = name.substring(0, MAX_AUTHID);
        }
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = hash(h, realm);
        h = mix(h ^ 0xFF);
        h = hash(h, name);
        return mix(h);
    }

    private long addressHash(InetAddress subject) {
        if (subject == null) {
            return NOBODY;
        }
        long h = mix(seed);
        for (byte b : subject.getAddress()) {
            h = mix(h ^ (b & 0xFF));
        }
        return h;
    }

    private static long hash(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }

    /** MurmurHash3's 64-bit finalizer. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    private boolean warnFull(long now) {
        long last = fullWarned.get();
        return now - last >= 60_000 && fullWarned.compareAndSet(last, now);
    }

    private static String describe(InetAddress subject) {
        if (subject == null) {
            return "an unknown address";
        }
        return subject instanceof Inet6Address ? subject.getHostAddress() + "/64" : subject.getHostAddress();
    }

    /** A client-supplied string fit for one log line: control characters escaped, at most 128 characters. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), 128) + 8);
        int i = 0;
        for (; i < s.length() && out.length() < 128; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\'') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return i < s.length() ? out + "..." : out.toString();
    }

    /** {@code 5m}, {@code 90s}, {@code 1h}: as the configuration writes durations. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
