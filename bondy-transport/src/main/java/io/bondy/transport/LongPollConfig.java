package io.bondy.transport;

import java.time.Duration;

/**
 * The HTTP long-poll transport on the WebSocket/API gateway port ({@code wamp.longpoll.*}).
 *
 * @param enabled           serve it at all
 * @param path              the base path, e.g. {@code /longpoll}: {@code POST /longpoll/open},
 *                          {@code /longpoll/<transport>/receive}, {@code /send}, {@code /close}
 * @param sessionTimeout    a transport with no {@code /receive} waiting or arriving for this long is closed
 *                          (its WAMP session ends as if the connection dropped)
 * @param receiveTimeout    how long a {@code /receive} is held when nothing is queued (then {@code 204})
 * @param maxQueuedMessages messages queued for a transport between two {@code /receive}s; more are dropped
 *                          (and counted)
 * @param maxBodySize       the largest {@code /open} or {@code /send} request body, in bytes ({@code 413})
 * @param maxTransports     long-poll transports open at once; more {@code /open}s get {@code 503}
 */
public record LongPollConfig(boolean enabled, String path, Duration sessionTimeout, Duration receiveTimeout,
                             int maxQueuedMessages, int maxBodySize, int maxTransports) {

    /** Off; when on: {@code /longpoll}, 30 s, 20 s, 1000 messages, 1 MiB, 1000 transports. */
    public static final LongPollConfig DEFAULT = new LongPollConfig(false, "/longpoll", Duration.ofSeconds(30),
            Duration.ofSeconds(20), 1000, 1 << 20, 1000);

    public LongPollConfig {
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("path must start with '/' and not end with one, got '" + path + "'");
        }
        if (maxQueuedMessages < 1 || maxBodySize < 64 || maxTransports < 1) {
            throw new IllegalArgumentException("long-poll limits must be positive (body at least 64 bytes)");
        }
    }

    /** These settings, turned on. */
    public LongPollConfig on() {
        return new LongPollConfig(true, path, sessionTimeout, receiveTimeout, maxQueuedMessages, maxBodySize,
                maxTransports);
    }
}
