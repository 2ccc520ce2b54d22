package io.bondy.transport.support;

import io.bondy.transport.RawSocketConfig;
import io.bondy.transport.TransportConfig;
import io.bondy.transport.WebSocketConfig;
import java.time.Duration;

/** Transport configurations for tests: loopback, random ports, small limits. */
public final class TestConfigs {

    public static final int MAX_MESSAGE = 64 * 1024;
    public static final String PATH = "/ws";

    private TestConfigs() {
    }

    public static TransportConfig standard() {
        return with(Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    public static TransportConfig with(Duration handshakeTimeout, Duration idleTimeout) {
        return with(handshakeTimeout, idleTimeout, true);
    }

    public static TransportConfig with(Duration handshakeTimeout, Duration idleTimeout, boolean preferNative) {
        return new TransportConfig(
                new WebSocketConfig(true, "127.0.0.1", 0, PATH, MAX_MESSAGE, handshakeTimeout, idleTimeout),
                new RawSocketConfig(true, "127.0.0.1", 0, MAX_MESSAGE, handshakeTimeout, idleTimeout),
                2, preferNative, 256 * 1024, 4L * 1024 * 1024);
    }
}
