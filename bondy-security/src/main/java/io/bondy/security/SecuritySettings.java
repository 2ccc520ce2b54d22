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
 * @param adminThreads    threads running the admin procedures that hash passwords or write the store
 *                        ({@code security.admin_procedures.threads})
 * @param adminMaxQueued  such calls waiting for those threads; more are refused
 *                        ({@code security.admin_procedures.max_queued_calls})
 * @param tlsAuthidFrom   where the {@code tls} authmethod takes the authid from in a client certificate
 *                        ({@code security.tls.authid_from})
 */
public record SecuritySettings(String masterRealm, String nodename, PasswordPolicy password, Duration ticketExpiry,
                               Duration ticketMaxExpiry, ThrottleSettings throttle, int ticketMaxPerUser,
                               int adminThreads, int adminMaxQueued, TlsMethod.AuthidFrom tlsAuthidFrom) {

    public static final String MASTER_REALM = "com.leapsight.bondy";
    /** The default of {@code security.ticket.max_per_user}. */
    public static final int TICKET_MAX_PER_USER = 100;
    /** Default of {@code security.admin_procedures.threads}. */
    public static final int DEFAULT_ADMIN_THREADS = 2;
    /** Default of {@code security.admin_procedures.max_queued_calls}. */
    public static final int DEFAULT_ADMIN_MAX_QUEUED = 256;

    public SecuritySettings {
        if (adminThreads < 1 || adminMaxQueued < 1) {
            throw new IllegalArgumentException("adminThreads and adminMaxQueued must be at least 1");
        }
        tlsAuthidFrom = tlsAuthidFrom == null ? TlsMethod.AuthidFrom.CN : tlsAuthidFrom;
    }

    /** Settings with the default admin workers, taking a TLS client's authid from its certificate's CN. */
    public SecuritySettings(String masterRealm, String nodename, PasswordPolicy password, Duration ticketExpiry,
                            Duration ticketMaxExpiry, ThrottleSettings throttle, int ticketMaxPerUser) {
        this(masterRealm, nodename, password, ticketExpiry, ticketMaxExpiry, throttle, ticketMaxPerUser,
                DEFAULT_ADMIN_THREADS, DEFAULT_ADMIN_MAX_QUEUED, null);
    }

    /** Settings with the default {@code security.ticket.max_per_user}, admin workers, and TLS authids from the CN. */
    public SecuritySettings(String masterRealm, String nodename, PasswordPolicy password, Duration ticketExpiry,
                            Duration ticketMaxExpiry, ThrottleSettings throttle) {
        this(masterRealm, nodename, password, ticketExpiry, ticketMaxExpiry, throttle, TICKET_MAX_PER_USER,
                DEFAULT_ADMIN_THREADS, DEFAULT_ADMIN_MAX_QUEUED, null);
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
                ticketMaxPerUser, adminThreads, adminMaxQueued, tlsAuthidFrom);
    }

    public SecuritySettings withTicketMaxPerUser(int value) {
        return new SecuritySettings(masterRealm, nodename, password, ticketExpiry, ticketMaxExpiry, throttle, value,
                adminThreads, adminMaxQueued, tlsAuthidFrom);
    }

    /** These settings with other admin workers. */
    public SecuritySettings withAdminWorkers(int threads, int maxQueued) {
        return new SecuritySettings(masterRealm, nodename, password, ticketExpiry, ticketMaxExpiry, throttle,
                ticketMaxPerUser, threads, maxQueued, tlsAuthidFrom);
    }

    /** These settings with the {@code tls} authmethod taking the authid from {@code from}. */
    public SecuritySettings withTlsAuthidFrom(TlsMethod.AuthidFrom from) {
        return new SecuritySettings(masterRealm, nodename, password, ticketExpiry, ticketMaxExpiry, throttle,
                ticketMaxPerUser, adminThreads, adminMaxQueued, from);
    }
}
