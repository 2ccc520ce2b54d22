package io.bondy.security.authn;

import java.time.Duration;

/**
 * Login throttling ({@code security.throttle.*}): two independent counters of failed authentications.
 *
 * @param maxFailures       failures from one address (an IPv6 /64) within {@code window} that block the
 *                          address for {@code block}, whatever realm and authid it tried (0 = off): online
 *                          guessing from one machine
 * @param window            how long address failures are counted, from the first one
 * @param block             how long a blocked address is refused
 * @param authidMaxFailures failures for one authid of one realm, from any address, within
 *                          {@code authidWindow} that block that authid for {@code authidBlock} (0 = off):
 *                          guessing one account's password from many addresses
 * @param authidWindow      how long authid failures are counted, from the first one
 * @param authidBlock       how long a blocked authid is refused, from every address
 * @param maxEntries        addresses (and, apart, authids) tracked at once; expired entries are dropped
 *                          first, and when the table is still full a new one is not counted
 */
public record ThrottleSettings(int maxFailures, Duration window, Duration block, int authidMaxFailures,
                               Duration authidWindow, Duration authidBlock, int maxEntries) {

    /** The defaults of {@code bondy-defaults.conf}. */
    public static final ThrottleSettings DEFAULTS = new ThrottleSettings(5, Duration.ofMinutes(1),
            Duration.ofMinutes(5), 20, Duration.ofMinutes(10), Duration.ofMinutes(15), 100_000);

    /** No throttling at all (tests that fail logins on purpose). */
    public static final ThrottleSettings OFF = new ThrottleSettings(0, Duration.ofMinutes(1), Duration.ofMinutes(1),
            0, Duration.ofMinutes(1), Duration.ofMinutes(1), 100_000);

    public ThrottleSettings {
        require(maxFailures >= 0 && authidMaxFailures >= 0, "max_failures must be >= 0");
        require(positive(window) && positive(block) && positive(authidWindow) && positive(authidBlock),
                "throttle windows and blocks must be positive");
        require(maxEntries > 0, "max_entries must be > 0");
    }

    /** These settings with the per-address counter changed. */
    public ThrottleSettings withAddress(int maxFailures, Duration window, Duration block) {
        return new ThrottleSettings(maxFailures, window, block, authidMaxFailures, authidWindow, authidBlock,
                maxEntries);
    }

    /** These settings with the per-authid counter changed. */
    public ThrottleSettings withAuthid(int maxFailures, Duration window, Duration block) {
        return new ThrottleSettings(this.maxFailures, this.window, this.block, maxFailures, window, block,
                maxEntries);
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
