package io.bondy.server;

import io.bondy.server.admin.AdminHttpConfig;
import io.bondy.transport.RawSocketConfig;
import io.bondy.transport.TransportConfig;
import io.bondy.transport.WebSocketConfig;
import io.bondy.transport.tls.TlsListener;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, compares the listeners' connection caps with the process's file descriptor limit: caps
 * above it protect nothing (the process runs out of descriptors first, and then the store and the
 * cluster fail too), so a WARN names the keys and the limit.
 */
final class FileDescriptorCheck {

    private static final Logger LOG = LoggerFactory.getLogger(FileDescriptorCheck.class);
    /** Descriptors the node needs besides client connections: the store's files, the cluster, logs. */
    static final long RESERVED = 512;

    private FileDescriptorCheck() {
    }

    /** The WARN to log, or null when the caps fit under {@code maxDescriptors}. */
    static String check(TransportConfig transport, AdminHttpConfig admin, long maxDescriptors) {
        long sum = 0;
        List<String> keys = new ArrayList<>();
        WebSocketConfig ws = transport.websocket();
        if (ws != null && ws.enabled()) {
            sum += ws.maxConnections();
            keys.add("api_gateway.http.max_connections = " + ws.maxConnections());
        }
        RawSocketConfig raw = transport.rawsocket();
        if (raw != null && raw.enabled()) {
            sum += raw.maxConnections();
            keys.add("wamp.tcp.max_connections = " + raw.maxConnections());
        }
        if (admin != null && admin.enabled()) {
            sum += admin.maxConnections();
            keys.add("admin_api.http.max_connections = " + admin.maxConnections());
        }
        for (var tls : List.of(Map.entry("api_gateway.https", transport.websocketTls()),
                Map.entry("wamp.tls", transport.rawsocketTls()),
                Map.entry("admin_api.https", admin == null ? TlsListener.disabled() : admin.https()))) {
            if (tls.getValue().enabled()) {
                sum += tls.getValue().maxConnections();
                keys.add(tls.getKey() + ".max_connections = " + tls.getValue().maxConnections());
            }
        }
        if (sum + RESERVED <= maxDescriptors) {
            return null;
        }
        return "The listeners accept up to " + sum + " connections (" + String.join(", ", keys)
                + ") but this process may open only " + maxDescriptors + " files (ulimit -n), " + RESERVED
                + " of which the node needs for itself: raise the limit or lower the caps, or connections"
                + " will exhaust file descriptors before any cap refuses them";
    }

    static void warnIfAboveLimit(TransportConfig transport, AdminHttpConfig admin) {
        OptionalLong max = maxDescriptors();
        if (max.isPresent()) {
            String warning = check(transport, admin, max.getAsLong());
            if (warning != null) {
                LOG.warn(warning);
            }
        }
    }

    private static OptionalLong maxDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return OptionalLong.of(unix.getMaxFileDescriptorCount());
        }
        return OptionalLong.empty();
    }
}
