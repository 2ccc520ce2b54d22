package io.bondy.bridge.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One client's keys ({@code broker_bridge.<kind>.clients.<name>.<key>}, given without that prefix).
 * Every getter names the full key in its {@link IllegalArgumentException}; {@link #only} refuses keys a
 * client does not know.
 */
public final class ClientConfig {

    private final String prefix;
    private final Map<String, String> values;

    public ClientConfig(String kind, String name, Map<String, String> values) {
        this.prefix = "broker_bridge." + kind + ".clients." + name + ".";
        this.values = values == null ? Map.of() : values;
    }

    /** Refuses any key outside {@code known}. */
    public void only(Set<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(prefix + key + ": unknown key (expected one of "
                        + new TreeSet<>(known) + ")");
            }
        }
    }

    public String string(String key, String fallback) {
        String v = values.get(key);
        return v == null ? fallback : v.trim();
    }

    public boolean bool(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException(prefix + key + ": expected on or off, got '" + v + "'");
        };
    }

    public int integer(String key, int fallback, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException(prefix + key + ": " + n + " is outside [" + min + ", " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix + key + ": expected an integer, got '" + v + "'");
        }
    }

    /** A duration like {@code 500ms}, {@code 5s}, {@code 2m}. */
    public Duration duration(String key, Duration fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        String s = v.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            }
            if (s.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            }
            if (s.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            }
            return Duration.ofMillis(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix + key + ": expected a duration like 500ms, 5s or 1m, got '" + v + "'");
        }
    }

    /** {@code host:port[,host:port...]}; a missing port is {@code defaultPort}. */
    public List<HostPort> endpoints(String fallback, int defaultPort) {
        String raw = string("endpoints", fallback);
        List<HostPort> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            String p = part.trim();
            int scheme = p.indexOf("://");
            if (scheme >= 0) {
                p = p.substring(scheme + 3);
            }
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.lastIndexOf(':');
            try {
                String host = colon < 0 ? p : p.substring(0, colon);
                int port = colon < 0 ? defaultPort : Integer.parseInt(p.substring(colon + 1));
                if (host.isEmpty() || port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                out.add(new HostPort(host, port));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(prefix + "endpoints: '" + part.trim() + "' is not host:port");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(prefix + "endpoints: at least one host:port is required");
        }
        return out;
    }

    /** A broker address. */
    public record HostPort(String host, int port) {

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
