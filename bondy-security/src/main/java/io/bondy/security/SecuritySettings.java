package io.bondy.security;

import io.bondy.security.authn.ThrottleSettings;
import io.bondy.security.authn.TlsMethod;
import io.bondy.security.model.PasswordPolicy;
import java.time.Duration;

/**
 * The security module's settings (configuration keys {@code security.*}).
 *
 * @param masterRealm     the realm holding the administrators ({@code com.leapsight.bondy})
 * @param nodename        this node's name, written into issued tickets
 * @param password        how passwords are hashed
 * @param ticketExpiry    the lifetime of a ticket when the caller asks for none
 * @param ticketMaxExpiry the longest lifetime a caller may ask for
 * @param throttle        login throttling per address and per authid ({@code security.throttle.*})
 * @param ticketMaxPerUser how many unexpired tickets one user may hold in a realm
 *                        ({@code security.ticket.max_per_user}; one per scope and device)
 * @param tlsAuthidFrom   where the {@code tls} authmethod takes the authid from in a client certificate
 *                        ({@code security.tls.authid_from})
 */
public record SecuritySettings(String masterRealm, String nodename, PasswordPolicy password, Duration ticketExpiry,
                               Duration ticketMaxExpiry, ThrottleSettings throttle, int ticketMaxPerUser,
                               TlsMethod.AuthidFrom tlsAuthidFrom) {

    public static final String MASTER_REALM = "com.leapsight.bondy";
    /** The default of {@code security.ticket.max_per_user}. */
    public static final int TICKET_MAX_PER_USER = 100;

    public SecuritySettings {
        tlsAuthidFrom = tlsAuthidFrom == null ? TlsMethod.AuthidFrom.CN : tlsAuthidFrom;
    }

    /** Settings taking a TLS client's authid from its certificate's CN. */
    public SecuritySettings(String masterRealm, String nodename, PasswordPolicy password, Duration ticketExpiry,
                            Duration ticketMaxExpiry, ThrottleSettings throttle, int ticketMaxPerUser) {
        this(masterRealm, nodename, password, ticketExpiry, ticketMaxExpiry, throttle, ticketMaxPerUser, null);
    }

    /** Settings with the default {@code security.ticket.max_per_user} and TLS authids from the CN. */
    public SecuritySettings(String masterRealm, String nodename, PasswordPolicy password, Duration ticketExpiry,
                            Duration ticketMaxExpiry, ThrottleSettings throttle) {
        this(masterRealm, nodename, password, ticketExpiry, ticketMaxExpiry, throttle, TICKET_MAX_PER_USER);
    }

    public static SecuritySettings defaults() {
        return new SecuritySettings(MASTER_REALM, "bondy@127.0.0.1", PasswordPolicy.DEFAULTS, Duration.ofDays(1),
                Duration.ofDays(30), ThrottleSettings.DEFAULTS);
    }

    /** These settings with per-address throttling changed (per-authid throttling as it was). */
    public SecuritySettings withThrottle(int maxFailures, Duration window, Duration block) {
        return withThrottle(throttle.withAddress(maxFailures, window, block));
    }

    public SecuritySettings withThrottle(ThrottleSettings throttle) {
        return new SecuritySettings(masterRealm, nodename, password, ticketExpiry, ticketMaxExpiry, throttle,
                ticketMaxPerUser, tlsAuthidFrom);
    }

    public SecuritySettings withTicketMaxPerUser(int value) {
        return new SecuritySettings(masterRealm, nodename, password, ticketExpiry, ticketMaxExpiry, throttle, value,
                tlsAuthidFrom);
    }

    /** These settings with the {@code tls} authmethod taking the authid from {@code from}. */
    public SecuritySettings withTlsAuthidFrom(TlsMethod.AuthidFrom from) {
        return new SecuritySettings(masterRealm, nodename, password, ticketExpiry, ticketMaxExpiry, throttle,
                ticketMaxPerUser, from);
    }
}
