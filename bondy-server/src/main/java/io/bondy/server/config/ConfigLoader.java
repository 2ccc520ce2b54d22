package io.bondy.server.config;

import static io.bondy.server.config.ConfigValues.host;
import static io.bondy.server.config.ConfigValues.port;
import static io.bondy.server.config.ConfigValues.positive;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.bondy.cluster.ClusterConfig;
import io.bondy.cluster.store.StoreConfig;
import io.bondy.core.router.RouterConfig;
import io.bondy.core.uri.UriValidator;
import io.bondy.gateway.oauth2.OAuth2Settings;
import io.bondy.server.admin.AdminHttpConfig;
import io.bondy.security.SecuritySettings;
import io.bondy.security.model.PasswordPolicy;
import io.bondy.transport.TransportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
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
 */
public final class ConfigLoader {

    static final String ENV_PREFIX = "BONDY_";
    /** Environment variables that are not config keys. */
    private static final Set<String> NON_KEY_ENV = Set.of("BONDY_CONFIG", "BONDY_LOG_LEVEL", "BONDY_ADMIN_PASSWORD");

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
            if (!known.hasPathOrNull(e.getKey())) {
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

    private ServerConfig build(Config c, String source) {
        TransportConfig transport = TransportConfigParser.parse(c);
        RouterConfig router = RouterConfigParser.parse(c);
        AdminHttpConfig admin = new AdminHttpConfig(c.getBoolean("admin_api.http.enabled"),
                host(c, "admin_api.http.ip"), port(c, "admin_api.http.port"));
        Path dataDir = dataDir(c, "platform_data_dir");
        StoreConfig store = new StoreConfig(dataDir.resolve("store"), c.getBoolean("store.sync_writes"));
        String backup = c.getString("backup.dir");
        Path backupDir = backup.isBlank() ? dataDir.resolve("backups") : dataDir(c, "backup.dir");
        return new ServerConfig(c.getString("nodename"), router, transport, admin, source, dataDir, store,
                security(c), new AdministrationConfig(c.getBoolean("automatically_create_realms"), backupDir),
                cluster(c), oauth2(c));
    }

    /** {@code api_gateway.oauth2.*}: null (endpoints off) while the realm is empty. */
    private static OAuth2Settings oauth2(Config c) {
        String realm = c.getString("api_gateway.oauth2.realm");
        Duration access = atLeastOneSecond(c, "api_gateway.oauth2.access_token_ttl");
        Duration refresh = atLeastOneSecond(c, "api_gateway.oauth2.refresh_token_ttl");
        int threads = c.getInt("api_gateway.oauth2.threads");
        if (threads < 1 || threads > 64) {
            throw new ConfigException("api_gateway.oauth2.threads must be between 1 and 64, got " + threads);
        }
        int queued = c.getInt("api_gateway.oauth2.max_queued_requests");
        if (queued < 1 || queued > 100_000) {
            throw new ConfigException("api_gateway.oauth2.max_queued_requests must be between 1 and 100000, got "
                    + queued);
        }
        if (realm.isBlank()) {
            return null;
        }
        if (!UriValidator.LOOSE.isValid(realm)) {
            throw new ConfigException("api_gateway.oauth2.realm '" + realm + "' is not a valid realm URI");
        }
        return new OAuth2Settings(realm, access, refresh, threads, queued);
    }

    private static Duration atLeastOneSecond(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.toSeconds() < 1) {
            throw new ConfigException(key + " must be at least 1s, got " + d);
        }
        return d;
    }

    /** {@code cluster.*}: null when clustering is off; the secret may come from {@code BONDY_CLUSTER_SECRET}. */
    private static ClusterConfig cluster(Config c) {
        if (!c.getBoolean("cluster.enabled")) {
            return null;
        }
        try {
            return new ClusterConfig(c.getString("cluster.name"), c.getString("nodename"), host(c, "cluster.bind_addr"),
                    port(c, "cluster.peer_port"), ClusterConfig.parseSeeds(c.getString("cluster.seeds")),
                    c.getString("cluster.secret"), positive(c, "cluster.anti_entropy_interval"),
                    positive(c, "cluster.failure_timeout"),
                    new ClusterConfig.Dns(c.getString("cluster.dns_name").trim(), port(c, "cluster.dns_port"),
                            positive(c, "cluster.dns_refresh")),
                    positive(c, "cluster.meta_query_timeout"), port(c, "cluster.failure_detection_port"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** The directory, absolute, created if missing; a message naming {@code key} if it cannot be used. */
    private static Path dataDir(Config c, String key) {
        String value = c.getString(key);
        if (value.isBlank()) {
            throw new ConfigException(key + " must name a directory, e.g. ./data");
        }
        Path dir;
        try {
            dir = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(key + " '" + value + "' is not a valid path: " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot create the data directory " + dir + " (" + e + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigException(key + ": the data directory " + dir + " is not writable by this process");
        }
        return dir;
    }

    /** {@code security.*}; the admin password may also come from {@code BONDY_ADMIN_PASSWORD}. */
    private SecurityConfig security(Config c) {
        int cra = atLeast(c, "security.password.cra_iterations", 1000);
        int scramIterations = atLeast(c, "security.password.scram_iterations", 1);
        int scramMemory = atLeast(c, "security.password.scram_memory_kib", 8);
        int minLength = atLeast(c, "security.password.min_length", 1);
        int maxFailures = atLeast(c, "security.throttle.max_failures", 0);
        String master = c.getString("security.master_realm");
        if (!UriValidator.LOOSE.isValid(master)) {
            throw new ConfigException("security.master_realm '" + master + "' is not a valid URI");
        }
        SecuritySettings settings = new SecuritySettings(master, c.getString("nodename"),
                new PasswordPolicy(cra, scramIterations, scramMemory, minLength),
                positive(c, "security.ticket.expiry_time"), positive(c, "security.ticket.max_expiry_time"),
                maxFailures, positive(c, "security.throttle.window"), positive(c, "security.throttle.block"));
        String file = c.getString("security.config_file");
        Path configFile = null;
        if (!file.isBlank()) {
            configFile = Path.of(file);
            if (!Files.isReadable(configFile)) {
                throw new ConfigException("security.config_file " + file + " does not exist or is not readable");
            }
        }
        String adminPassword = env.getOrDefault("BONDY_ADMIN_PASSWORD", c.getString("security.admin.password"));
        List<String> adminKeys = c.getStringList("security.admin.authorized_keys");
        for (String key : adminKeys) {
            if (!key.matches("[0-9a-fA-F]{64}")) {
                throw new ConfigException("security.admin.authorized_keys: '" + key
                        + "' is not an Ed25519 public key (64 hex characters)");
            }
        }
        return new SecurityConfig(settings, configFile, adminPassword, adminKeys);
    }

    private static int atLeast(Config c, String key, int min) {
        int v = c.getInt(key);
        if (v < min) {
            throw new ConfigException(key + " must be at least " + min + ", got " + v);
        }
        return v;
    }
}
