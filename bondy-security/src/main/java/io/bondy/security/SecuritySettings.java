package io.bondy.security;

import io.bondy.security.model.PasswordPolicy;
import java.time.Duration;

/**
 * The security module's settings (configuration keys {@code security.*}).
 *
 * @param masterRealm         the realm holding the administrators ({@code com.leapsight.bondy})
 * @param nodename            this node's name, written into issued tickets
 * @param password            how passwords are hashed
 * @param ticketExpiry        the lifetime of a ticket when the caller asks for none
 * @param ticketMaxExpiry     the longest lifetime a caller may ask for
 * @param throttleMaxFailures failed authentications from one address that trigger a block (0 = off)
 * @param throttleWindow      the window in which failures are counted
 * @param throttleBlock       how long an address is refused once blocked
 */
public record SecuritySettings(String masterRealm, String nodename, PasswordPolicy password, Duration ticketExpiry,
                               Duration ticketMaxExpiry, int throttleMaxFailures, Duration throttleWindow,
                               Duration throttleBlock) {

    public static final String MASTER_REALM = "com.leapsight.bondy";

    public static SecuritySettings defaults() {
        return new SecuritySettings(MASTER_REALM, "bondy@127.0.0.1", PasswordPolicy.DEFAULTS, Duration.ofDays(1),
                Duration.ofDays(30), 5, Duration.ofMinutes(1), Duration.ofMinutes(5));
    }

    public SecuritySettings withThrottle(int maxFailures, Duration window, Duration block) {
        return new SecuritySettings(masterRealm, nodename, password, ticketExpiry, ticketMaxExpiry, maxFailures, window,
                block);
    }
}
