package io.bondy.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import io.bondy.core.config.RealmConfig;
import io.bondy.core.config.RouterConfig;
import io.bondy.core.config.RoutingLimits;
import io.bondy.core.config.RpcSettings;
import io.bondy.core.uri.UriLimits;
import io.bondy.core.uri.UriValidator;
import io.bondy.server.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the realms and routing rules into {@link RouterConfig}. Owns {@code wamp.uri_validation}, the
 * limits of what one client may make the router hold ({@code wamp.uri_max_length},
 * {@code wamp.uri_max_components}, {@code wamp.max_registrations_per_session},
 * {@code wamp.max_subscriptions_per_session}) and {@code realms}: each realm's {@code uri}, {@code description}, {@code authmethods} and
 * {@code security_enabled} here, its {@code rpc} block through {@link RpcSettingsParser}, its
 * {@code pubsub} block through {@link PubSubConfigParser} and its {@code authorizer*} keys through
 * {@link AuthorizerSettingsParser}. Errors name the realm's index, e.g. {@code realms[0].uri}.
 */
final class RouterConfigParser {

    private static final Set<String> REALM_KEYS = Set.of("uri", "description", "authmethods", "security_enabled",
            "rpc", "pubsub", "authorizer", "authorizer_cache_ttl", "authorizer_timeout", "authorizer_max_queued",
            "authorizer_cache_size");
    private static final Set<String> AUTH_METHODS = Set.of("anonymous", "trust", "ticket", "wampcra", "cryptosign",
            "wamp-scram", "oauth2", "tls");

    private RouterConfigParser() {
    }

    static RouterConfig parse(Config c) {
        UriValidator uris;
        try {
            uris = UriValidator.named(c.getString("wamp.uri_validation"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("wamp.uri_validation: " + e.getMessage());
        }
        RoutingLimits limits = limits(c);
        return new RouterConfig(realms(c, limits.uris()), uris, "bondy-java/" + Version.current(), limits);
    }

    private static RoutingLimits limits(Config c) {
        return new RoutingLimits(
                new UriLimits(positiveInt(c, UriLimits.MAX_LENGTH_KEY), positiveInt(c, UriLimits.MAX_COMPONENTS_KEY)),
                positiveInt(c, "wamp.max_registrations_per_session"),
                positiveInt(c, "wamp.max_subscriptions_per_session"));
    }

    private static int positiveInt(Config c, String key) {
        int v = c.getInt(key);
        if (v <= 0) {
            throw new ConfigException(key + " must be a positive integer, got " + v);
        }
        return v;
    }

    private static List<RealmConfig> realms(Config c, UriLimits limits) {
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
            if (!limits.admits(uri)) {
                throw new ConfigException(at + ".uri '" + UriLimits.abbreviate(uri) + "' " + limits.violation(uri)
                        + ": no client could name it in HELLO");
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
