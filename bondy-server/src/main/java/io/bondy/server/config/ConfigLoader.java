package io.bondy.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.bondy.cluster.ClusterConfig;
import io.bondy.cluster.store.StoreConfig;
import io.bondy.core.router.AuthorizerSettings;
import io.bondy.core.router.RealmConfig;
import io.bondy.core.router.RouterConfig;
import io.bondy.core.uri.UriValidator;
import io.bondy.gateway.oauth2.OAuth2Settings;
import io.bondy.server.Version;
import io.bondy.server.admin.AdminHttpConfig;
import io.bondy.security.SecuritySettings;
import io.bondy.security.model.PasswordPolicy;
import io.bondy.transport.RawSocketConfig;
import io.bondy.transport.TransportConfig;
import io.bondy.transport.WebSocketConfig;
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
    private static final Set<String> REALM_KEYS = Set.of("uri", "description", "authmethods", "security_enabled",
            "rpc", "pubsub", "authorizer", "authorizer_cache_ttl", "authorizer_timeout", "authorizer_max_queued",
            "authorizer_cache_size");
    private static final Set<String> AUTH_METHODS = Set.of("anonymous", "trust", "ticket", "wampcra", "cryptosign",
            "wamp-scram", "oauth2");

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
        WebSocketConfig ws = new WebSocketConfig(
                c.getBoolean("api_gateway.http.enabled"),
                host(c, "api_gateway.http.ip"),
                port(c, "api_gateway.http.port"),
                path(c, "wamp.websocket.path"),
                (int) bytes(c, "wamp.websocket.max_frame_size", 512, Integer.MAX_VALUE),
                positive(c, "wamp.websocket.handshake_timeout"),
                positive(c, "wamp.websocket.idle_timeout"));
        RawSocketConfig raw = new RawSocketConfig(
                c.getBoolean("wamp.tcp.enabled"),
                host(c, "wamp.tcp.ip"),
                port(c, "wamp.tcp.port"),
                rawSocketLength(c, "wamp.tcp.max_message_length"),
                positive(c, "wamp.tcp.handshake_timeout"),
                positive(c, "wamp.tcp.idle_timeout"));
        int ioThreads = c.getInt("wamp.io_threads");
        if (ioThreads < 0) {
            throw new ConfigException("wamp.io_threads must be 0 (one per two cores) or positive, got " + ioThreads);
        }
        TransportConfig transport = new TransportConfig(ws, raw, ioThreads, c.getBoolean("wamp.native_transport"),
                (int) bytes(c, "wamp.outbound.high_watermark", 1024, Integer.MAX_VALUE),
                bytes(c, "wamp.outbound.max_queue_size", 1024, Long.MAX_VALUE));
        UriValidator uris;
        try {
            uris = UriValidator.named(c.getString("wamp.uri_validation"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("wamp.uri_validation: " + e.getMessage());
        }
        RouterConfig router = new RouterConfig(realms(c), uris, "bondy-java/" + Version.current());
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

    private static List<RealmConfig> realms(Config c) {
        List<RealmConfig> realms = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        List<? extends ConfigObject> list = c.getObjectList("realms");
        for (int i = 0; i < list.size(); i++) {
            Config r = list.get(i).toConfig();
            String at = "realms[" + i + "]";
            for (String key : list.get(i).keySet()) {
                if (!REALM_KEYS.contains(key)) {
                    throw new ConfigException("unknown key " + at + "." + key + " (a realm has " + REALM_KEYS + ")");
                }
            }
            if (!r.hasPath("uri")) {
                throw new ConfigException(at + ".uri is missing");
            }
            String uri = r.getString("uri");
            if (!UriValidator.LOOSE.isValid(uri)) {
                throw new ConfigException(at + ".uri '" + uri + "' is not a valid URI");
            }
            if (!seen.add(uri)) {
                throw new ConfigException(at + ".uri '" + uri + "' is defined twice");
            }
            List<String> methods = r.hasPath("authmethods") ? r.getStringList("authmethods") : List.of("anonymous");
            for (String m : methods) {
                if (!AUTH_METHODS.contains(m)) {
                    throw new ConfigException(at + ".authmethods: '" + m + "' is not supported (supported: "
                            + AUTH_METHODS + ")");
                }
            }
            boolean security = r.hasPath("security_enabled") && r.getBoolean("security_enabled");
            io.bondy.core.router.RpcSettings rpc = r.hasPath("rpc")
                    ? RpcSettingsParser.parse(r.getObject("rpc"), at + ".rpc") : null;
            realms.add(new RealmConfig(uri, r.hasPath("description") ? r.getString("description") : "", methods, security,
                    rpc, PubSubConfigParser.parse(r, at), authorizer(r, at)));
        }
        return realms;
    }

    /** A realm's dynamic authorizer: {@code authorizer} and its {@code authorizer_*} limits. */
    private static AuthorizerSettings authorizer(Config r, String at) {
        AuthorizerSettings d = AuthorizerSettings.NONE;
        String procedure = null;
        if (r.hasPath("authorizer") && !r.getString("authorizer").isEmpty()) { // "" = none, like other keys
            procedure = r.getString("authorizer");
            if (!UriValidator.LOOSE.isValid(procedure)) {
                throw new ConfigException(at + ".authorizer '" + procedure + "' is not a valid procedure URI");
            }
        }
        Duration ttl = d.cacheTtl();
        if (r.hasPath("authorizer_cache_ttl")) {
            ttl = r.getDuration("authorizer_cache_ttl");
            if (ttl.isNegative()) {
                throw new ConfigException(at + ".authorizer_cache_ttl must be a duration >= 0 such as 30s (0s: no"
                        + " caching), got " + ttl);
            }
        }
        Duration timeout = r.hasPath("authorizer_timeout") ? positive(r, "authorizer_timeout", at) : d.timeout();
        int queued = r.hasPath("authorizer_max_queued")
                ? between(r, "authorizer_max_queued", at, 1, 1_000_000) : d.maxQueued();
        int size = r.hasPath("authorizer_cache_size")
                ? between(r, "authorizer_cache_size", at, 0, 1_000_000) : d.cacheSize();
        return new AuthorizerSettings(procedure, ttl, timeout, queued, size);
    }

    private static Duration positive(Config r, String key, String at) {
        Duration v = r.getDuration(key);
        if (v.isNegative() || v.isZero()) {
            throw new ConfigException(at + "." + key + " must be a positive duration such as 5s, got " + v);
        }
        return v;
    }

    private static int between(Config r, String key, String at, int min, int max) {
        int v = r.getInt(key);
        if (v < min || v > max) {
            throw new ConfigException(at + "." + key + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static String host(Config c, String key) {
        String host = c.getString(key);
        if (host.isBlank()) {
            throw new ConfigException(key + " must be an IP address or host name");
        }
        return host;
    }

    private static int port(Config c, String key) {
        int port = c.getInt(key);
        if (port < 0 || port > 65535) {
            throw new ConfigException(key + " must be a port number 0..65535 (0 picks a free port), got " + port);
        }
        return port;
    }

    private static String path(Config c, String key) {
        String path = c.getString(key);
        if (!path.startsWith("/")) {
            throw new ConfigException(key + " must start with '/', got '" + path + "'");
        }
        return path;
    }

    private static long bytes(Config c, String key, long min, long max) {
        long value = c.getBytes(key);
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + " bytes, got " + value);
        }
        return value;
    }

    private static int rawSocketLength(Config c, String key) {
        long value = c.getBytes(key);
        if (value < 512 || value > (16 << 20) || Long.bitCount(value) != 1) {
            throw new ConfigException(key + " must be a power of two between 512 bytes and 16MiB"
                    + " (the RawSocket handshake can only express those), got " + value);
        }
        return (int) value;
    }

    private static Duration positive(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key + " must be a positive duration such as 10s, got " + d);
        }
        return d;
    }
}
