package io.bondy.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.bondy.bridge.BridgeSettings;
import io.bondy.bridge.ClientRegistry;
import io.bondy.bridge.outbox.OutboxSettings;
import io.bondy.bridge.spi.BrokerClient;
import io.bondy.bridge.spi.BrokerClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Parses the broker bridge's keys into {@link BridgeSettings}. Owns {@code broker_bridge.*}:
 * <ul>
 *   <li>{@code broker_bridge.config_file}: specs (JSON, one object or a list) loaded at start;</li>
 *   <li>{@code broker_bridge.queue.capacity}, {@code broker_bridge.spill.max_records},
 *       {@code broker_bridge.max_in_flight}, {@code broker_bridge.produce_timeout},
 *       {@code broker_bridge.retry.initial_backoff}, {@code broker_bridge.retry.max_backoff},
 *       {@code broker_bridge.max_rules_per_spec}, {@code broker_bridge.max_spec_size};</li>
 *   <li>{@code broker_bridge.<kind>.clients.<name>.<key>}: the clients, checked by their kind's factory
 *       (which names a bad key); {@code broker_bridge.<kind>.topics.<name>}: variables a spec's
 *       expressions read as {@code <kind>.topics.<name>} (Bondy's {@code kafka.topics}).</li>
 * </ul>
 * The per-client keys are not in the embedded defaults (client names are the user's): {@link ConfigLoader}
 * lets keys matching {@link #isDynamicKey} through, and this parser checks them.
 */
final class BrokerBridgeConfigParser {

    private static final Pattern DYNAMIC = Pattern.compile("broker_bridge\\.[a-z0-9_]+\\.(clients|topics)\\..+");
    private static final Set<String> FIXED = Set.of("config_file", "queue", "spill", "max_in_flight",
            "produce_timeout", "retry", "max_rules_per_spec", "max_spec_size");

    private BrokerBridgeConfigParser() {
    }

    /** Whether {@code key} is a client's or a variable's key (not in the embedded defaults). */
    static boolean isDynamicKey(String key) {
        return DYNAMIC.matcher(key).matches();
    }

    static BridgeSettings parse(Config c, ClientRegistry registry) {
        int capacity = range(c, "broker_bridge.queue.capacity", 1, 10_000_000);
        long spill = c.getLong("broker_bridge.spill.max_records");
        if (spill < 0 || spill > 1_000_000_000L) {
            throw new ConfigException("broker_bridge.spill.max_records must be between 0 and 1000000000, got " + spill);
        }
        int inFlight = range(c, "broker_bridge.max_in_flight", 1, 65_535);
        Duration timeout = positive(c, "broker_bridge.produce_timeout");
        Duration initial = positive(c, "broker_bridge.retry.initial_backoff");
        Duration max = positive(c, "broker_bridge.retry.max_backoff");
        if (max.compareTo(initial) < 0) {
            throw new ConfigException("broker_bridge.retry.max_backoff must not be below broker_bridge.retry.initial_backoff");
        }
        int rules = range(c, "broker_bridge.max_rules_per_spec", 1, 100_000);
        long specSize = c.getBytes("broker_bridge.max_spec_size");
        if (specSize < 1024 || specSize > 64L << 20) {
            throw new ConfigException("broker_bridge.max_spec_size must be between 1KiB and 64MiB, got " + specSize);
        }
        String file = c.getString("broker_bridge.config_file");
        Path configFile = null;
        if (!file.isBlank()) {
            configFile = Path.of(file).toAbsolutePath().normalize();
            if (!Files.isReadable(configFile)) {
                throw new ConfigException("broker_bridge.config_file " + configFile + " does not exist or is not readable");
            }
        }
        Map<String, Map<String, Map<String, String>>> clients = new TreeMap<>();
        Map<String, Map<String, Object>> variables = new TreeMap<>();
        ConfigObject section = c.getObject("broker_bridge");
        for (Map.Entry<String, ConfigValue> e : section.entrySet()) {
            String kind = e.getKey();
            if (FIXED.contains(kind)) {
                continue;
            }
            BrokerClientFactory factory = registry.factory(kind).orElseThrow(() -> new ConfigException(
                    "broker_bridge." + kind + ": unknown broker kind (known: " + new java.util.TreeSet<>(registry.kinds()) + ")"));
            ConfigObject kindObject = object(e.getValue(), "broker_bridge." + kind);
            for (Map.Entry<String, ConfigValue> part : kindObject.entrySet()) {
                String path = "broker_bridge." + kind + "." + part.getKey();
                switch (part.getKey()) {
                    case "clients" -> clients.put(kind, clients(factory, kind, object(part.getValue(), path)));
                    case "topics" -> {
                        Map<String, Object> topics = new LinkedHashMap<>();
                        for (Map.Entry<String, ConfigValue> t : object(part.getValue(), path).entrySet()) {
                            topics.put(t.getKey(), scalar(t.getValue(), path + "." + t.getKey()));
                        }
                        variables.put(kind, Map.of("topics", topics));
                    }
                    default -> throw new ConfigException(path + ": unknown key (expected clients or topics)");
                }
            }
        }
        OutboxSettings outbox = new OutboxSettings(capacity, spill, inFlight, timeout, initial, max);
        return new BridgeSettings(clients, variables, outbox, rules, (int) specSize, configFile);
    }

    private static Map<String, Map<String, String>> clients(BrokerClientFactory factory, String kind, ConfigObject all) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> client : all.entrySet()) {
            String path = "broker_bridge." + kind + ".clients." + client.getKey();
            if (!client.getKey().matches("[A-Za-z0-9_-]{1,64}")) {
                throw new ConfigException(path + ": a client name is 1 to 64 letters, digits, '_' or '-'");
            }
            Map<String, String> keys = new TreeMap<>();
            flatten(object(client.getValue(), path), "", path, keys);
            try {
                BrokerClient probe = factory.create(client.getKey(), keys); // validates every key
                probe.close();
            } catch (IllegalArgumentException bad) {
                throw new ConfigException(bad.getMessage(), bad);
            }
            out.put(client.getKey(), keys);
        }
        return out;
    }

    /** A client's keys with their sub-sections dotted ({@code producer.required_acks}, as in Bondy). */
    private static void flatten(ConfigObject section, String prefix, String path, Map<String, String> into) {
        for (Map.Entry<String, ConfigValue> key : section.entrySet()) {
            String name = prefix + key.getKey();
            if (key.getValue().valueType() == ConfigValueType.OBJECT) {
                flatten((ConfigObject) key.getValue(), name + ".", path, into);
            } else {
                into.put(name, scalar(key.getValue(), path + "." + name));
            }
        }
    }

    private static ConfigObject object(ConfigValue value, String path) {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new ConfigException(path + " must be a section (" + path + ".<key> = value)");
        }
        return (ConfigObject) value;
    }

    private static String scalar(ConfigValue value, String path) {
        if (value.valueType() == ConfigValueType.LIST) {
            StringBuilder b = new StringBuilder();
            for (Object o : (java.util.List<?>) value.unwrapped()) {
                b.append(b.length() == 0 ? "" : ",").append(o);
            }
            return b.toString();
        }
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.NULL) {
            throw new ConfigException(path + " must be a value, not a section");
        }
        return String.valueOf(value.unwrapped());
    }

    private static int range(Config c, String key, int min, int max) {
        int n = c.getInt(key);
        if (n < min || n > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    private static Duration positive(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(key + " must be positive, got " + d);
        }
        return d;
    }
}
