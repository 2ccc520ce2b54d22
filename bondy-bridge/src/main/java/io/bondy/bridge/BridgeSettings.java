package io.bondy.bridge;

import io.bondy.bridge.outbox.OutboxSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bridge's configuration (bondy.conf {@code broker_bridge.*}), parsed by bondy-server.
 *
 * @param clients         per kind, per client name, the client's keys (without their prefix)
 * @param variables       per kind, the variables a spec's expressions see under the kind's name
 *                        ({@code broker_bridge.<kind>.topics.<k> = v} gives {@code <kind>.topics.<k>})
 * @param outbox          queue, spill and retry limits
 * @param maxRulesPerSpec {@code broker_bridge.max_rules_per_spec}
 * @param maxSpecBytes    {@code broker_bridge.max_spec_size}: the largest spec accepted, as JSON
 * @param configFile      {@code broker_bridge.config_file}: specs loaded at start, or null
 */
public record BridgeSettings(Map<String, Map<String, Map<String, String>>> clients,
        Map<String, Map<String, Object>> variables, OutboxSettings outbox, int maxRulesPerSpec, int maxSpecBytes,
        Path configFile) {

    public BridgeSettings {
        clients = Map.copyOf(clients);
        variables = Map.copyOf(variables);
    }

    /** No clients, default limits. */
    public static BridgeSettings defaults() {
        return new BridgeSettings(Map.of(), Map.of(), OutboxSettings.defaults(), 1000, 1 << 20, null);
    }

    public BridgeSettings withClients(Map<String, Map<String, Map<String, String>>> c) {
        return new BridgeSettings(c, variables, outbox, maxRulesPerSpec, maxSpecBytes, configFile);
    }

    public BridgeSettings withOutbox(OutboxSettings o) {
        return new BridgeSettings(clients, variables, o, maxRulesPerSpec, maxSpecBytes, configFile);
    }

    public BridgeSettings withConfigFile(Path file) {
        return new BridgeSettings(clients, variables, outbox, maxRulesPerSpec, maxSpecBytes, file);
    }
}
