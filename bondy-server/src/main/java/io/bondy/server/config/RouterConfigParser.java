package io.bondy.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.uri.UriValidator;
import io.bondy.server.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the realms and routing rules into {@link RouterConfig}. Owns {@code wamp.uri_validation} and
 * {@code realms}: each realm's {@code uri}, {@code description}, {@code authmethods} and
 * {@code security_enabled} here, its {@code rpc} block through {@link RpcSettingsParser}, its
 * {@code pubsub} block through {@link PubSubConfigParser} and its {@code authorizer*} keys through
 * {@link AuthorizerSettingsParser}. Errors name the realm's index, e.g. {@code realms[0].uri}.
 */
final class RouterConfigParser {

    private static final Set<String> REALM_KEYS = Set.of("uri", "description", "authmethods", "security_enabled",
            "rpc", "pubsub", "authorizer", "authorizer_cache_ttl", "authorizer_timeout", "authorizer_max_queued",
            "authorizer_cache_size");
    private static final Set<String> AUTH_METHODS = Set.of("anonymous", "trust", "ticket", "wampcra", "cryptosign",
            "wamp-scram", "oauth2");

    private RouterConfigParser() {
    }

    static RouterConfig parse(Config c) {
        UriValidator uris;
        try {
            uris = UriValidator.named(c.getString("wamp.uri_validation"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("wamp.uri_validation: " + e.getMessage());
        }
        return new RouterConfig(realms(c), uris, "bondy-java/" + Version.current());
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
            RpcSettings rpc = r.hasPath("rpc") ? RpcSettingsParser.parse(r.getObject("rpc"), at + ".rpc") : null;
            realms.add(new RealmConfig(uri, r.hasPath("description") ? r.getString("description") : "", methods, security,
                    rpc, PubSubConfigParser.parse(r, at), AuthorizerSettingsParser.parse(r, at)));
        }
        return realms;
    }
}
