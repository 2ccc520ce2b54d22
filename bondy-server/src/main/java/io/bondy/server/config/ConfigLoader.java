package io.bondy.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.bondy.cluster.ClusterConfig;
import io.bondy.core.config.RouterConfig;
import io.bondy.gateway.oauth2.OAuth2Settings;
import io.bondy.server.admin.AdminHttpConfig;
import io.bondy.transport.TransportConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link ServerConfig} from, in increasing precedence: the embedded defaults
 * ({@code bondy-defaults.conf}), an optional HOCON file, and {@code BONDY_*} environment variables.
 * Every key is checked: an unknown key, a value of the wrong type or out of range fails the start
 * with a message naming the key.
 *
 * <p>This class merges the sources, rejects unknown keys and {@code BONDY_*} variables, and reads
 * {@code nodename} and {@code automatically_create_realms}; each section is parsed by its own class:
 * {@link TransportConfigParser}, {@link RouterConfigParser} (realms, with {@link RpcSettingsParser},
 * {@link PubSubConfigParser} and {@link AuthorizerSettingsParser}), {@link AdminHttpConfigParser},
 * {@link StorageConfigParser}, {@link SecurityConfigParser}, {@link ClusterConfigParser},
 * {@link OAuth2SettingsParser}, {@link GatewayConfigParser} and {@link BrokerBridgeConfigParser}.
 */
public final class ConfigLoader {

    static final String ENV_PREFIX = "BONDY_";
    /** Environment variables that are not config keys. */
    private static final Set<String> NON_KEY_ENV = Set.of("BONDY_CONFIG", "BONDY_LOG_LEVEL",
            SecurityConfigParser.ADMIN_PASSWORD_ENV);

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** Loads the defaults, then {@code file} (may be null), then the environment. */
    public ServerConfig load(Path file) {
        Config defaults = ConfigFactory.parseResources(ConfigLoader.class, "/bondy-defaults.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config merged = defaults;
        String source = "embedded defaults";
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new ConfigException("config file " + file + " does not exist or is not readable");
            }
            Config fromFile;
            try {
                fromFile = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (com.typesafe.config.ConfigException e) {
                throw new ConfigException("config file " + file + " is not valid HOCON: " + e.getMessage(), e);
            }
            rejectUnknownKeys(fromFile, defaults);
            merged = fromFile.withFallback(merged);
            source = file.toString();
        }
        Config withEnv = applyEnvironment(merged, defaults);
        if (withEnv != merged) {
            source += " + environment";
        }
        try {
            return build(withEnv.resolve(), source);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage(), e);
        }
    }

    private static void rejectUnknownKeys(Config given, Config known) {
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
            if (!known.hasPathOrNull(e.getKey()) && !BrokerBridgeConfigParser.isDynamicKey(e.getKey())) {
                unknown.add(e.getKey() + " (" + e.getValue().origin().description() + ")");
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration key(s): " + String.join(", ", unknown)
                    + ". See config/bondy.conf for every key.");
        }
    }

    /** {@code BONDY_WAMP_TCP_PORT=9000} overrides {@code wamp.tcp.port}, for every key of the defaults. */
    private Config applyEnvironment(Config config, Config defaults) {
        Config result = config;
        Set<String> used = new TreeSet<>();
        for (String key : topLevelLeafKeys(defaults)) {
            String name = envName(key);
            String value = env.get(name);
            if (value == null) {
                continue;
            }
            used.add(name);
            ConfigValueType type = defaults.getValue(key).valueType();
            if (type == ConfigValueType.LIST || type == ConfigValueType.OBJECT) {
                try {
                    Config parsed = ConfigFactory.parseString(key + " = " + value);
                    result = result.withValue(key, parsed.getValue(key));
                } catch (com.typesafe.config.ConfigException e) {
                    throw new ConfigException("environment variable " + name + " (key " + key
                            + ") is not a valid HOCON value: " + e.getMessage(), e);
                }
            } else {
                result = result.withValue(key, ConfigValueFactory.fromAnyRef(value, "environment variable " + name));
            }
        }
        for (String name : env.keySet()) {
            if (name.startsWith(ENV_PREFIX) && !used.contains(name) && !NON_KEY_ENV.contains(name)) {
                throw new ConfigException("environment variable " + name + " names no configuration key"
                        + " (expected BONDY_ + a key of config/bondy.conf, upper-cased, dots as underscores)");
            }
        }
        return result;
    }

    static String envName(String key) {
        return ENV_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static List<String> topLevelLeafKeys(Config defaults) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
            keys.add(e.getKey());
        }
        return keys;
    }

    /**
     * Each section's parser, in this order (the first bad key is the one reported). The two top-level
     * keys {@code nodename} and {@code automatically_create_realms} are read here.
     */
    private ServerConfig build(Config c, String source) {
        TransportConfig transport = TransportConfigParser.parse(c);
        RouterConfig router = RouterConfigParser.parse(c);
        AdminHttpConfig admin = AdminHttpConfigParser.parse(c);
        StorageConfigParser.Storage storage = StorageConfigParser.parse(c);
        String nodename = c.getString("nodename");
        SecurityConfig security = SecurityConfigParser.parse(c, nodename, env);
        AdministrationConfig administration = new AdministrationConfig(c.getBoolean("automatically_create_realms"),
                storage.backupDir());
        io.bondy.server.tls.ClusterTls clusterTls = ClusterConfigParser.tls(c);
        ClusterConfig cluster = ClusterConfigParser.parse(c, nodename, clusterTls);
        OAuth2Settings oauth2 = OAuth2SettingsParser.parse(c);
        io.bondy.gateway.api.GatewaySettings gateway = GatewayConfigParser.parse(c,
                transport.websocket() == null ? "/ws" : transport.websocket().path());
        io.bondy.bridge.BridgeSettings bridge = BrokerBridgeConfigParser.parse(c, io.bondy.bridge.ClientRegistry.withBuiltIns());
        return new ServerConfig(nodename, router, transport, admin, source, storage.dataDir(), storage.store(),
                security, administration, cluster, oauth2, gateway, bridge, clusterTls);
    }
}
