package io.bondy.server.admin.api;

import static io.bondy.server.admin.api.Route.action;
import static io.bondy.server.admin.api.Route.get;
import static io.bondy.server.admin.api.Route.post;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The REST mapping of the admin procedures. Paths follow Bondy's admin API
 * ({@code apps/bondy/priv/specs/bondy_admin_api.json}) where it has them; every route is one
 * procedure call with the realm from the path as its first argument.
 */
final class AdminRoutes {

    /** A matched route and its variables. */
    record Match(Route route, Map<String, String> vars) {
    }

    private final List<Route> routes = new ArrayList<>();

    AdminRoutes() {
        realms();
        identities("users", "username", "bondy.user");
        identities("groups", "name", "bondy.group");
        grantsAndSources();
        meta();
        apiSpecs();
    }

    List<Route> all() {
        return List.copyOf(routes);
    }

    /** The route for {@code method} and {@code path} (see {@link #pathKnown} to tell 405 from 404). */
    Optional<Match> find(String method, String path) {
        for (Route r : routes) {
            Optional<Map<String, String>> vars = r.path().match(path);
            if (vars.isPresent() && r.method().equals(method)) {
                return Optional.of(new Match(r, vars.get()));
            }
        }
        return Optional.empty();
    }

    /** Whether some route has this path (with another method). */
    boolean pathKnown(String path) {
        return routes.stream().anyMatch(r -> r.path().match(path).isPresent());
    }

    private void realms() {
        routes.add(get("/realms", in -> WampCall.of("bondy.realm.list")));
        routes.add(post("/realms", in -> WampCall.of("bondy.realm.create", in.object())));
        routes.add(get("/realms/{realm}", in -> WampCall.of("bondy.realm.get", in.var("realm"))));
        for (String method : new String[] {"PATCH", "PUT"}) { // Bondy's spec uses PUT for updates
            routes.add(action(method, "/realms/{realm}",
                    in -> WampCall.of("bondy.realm.update", in.var("realm"), in.object())));
        }
        // An explicit HTTP DELETE removes the realm with its users (Bondy's force=true).
        routes.add(action("DELETE", "/realms/{realm}", in -> WampCall.of("bondy.realm.delete", in.var("realm"),
                java.util.Map.of("force", true))));
        routes.add(action("PUT", "/realms/{realm}/security_enabled", in -> WampCall.of(
                Boolean.TRUE.equals(in.field("enabled")) ? "bondy.realm.security.enable"
                        : "bondy.realm.security.disable", in.var("realm"))));
    }

    /** users or groups: list, add, get, update, delete, grants. */
    private void identities(String collection, String key, String prefix) {
        String base = "/realms/{realm}/" + collection;
        String one = base + "/{" + key + "}";
        routes.add(get(base, in -> WampCall.of(prefix + ".list", in.var("realm"))));
        routes.add(post(base, in -> WampCall.of(prefix + ".add", in.var("realm"), in.object())));
        routes.add(get(one, in -> WampCall.of(prefix + ".get", in.var("realm"), in.var(key))));
        for (String method : new String[] {"PATCH", "PUT"}) { // Bondy's spec uses PUT for updates
            routes.add(action(method, one, in -> WampCall.of(prefix + ".update", in.var("realm"), in.var(key),
                    in.object())));
        }
        routes.add(action("DELETE", one, in -> WampCall.of(prefix + ".delete", in.var("realm"), in.var(key))));
        routes.add(get(one + "/grants", in -> WampCall.of(prefix + ".grants", in.var("realm"), in.var(key))));
        routes.add(action("PUT", one + "/groups/{group}", in -> WampCall.of(prefix + ".add_group",
                in.var("realm"), in.var(key), in.var("group"))));
        routes.add(action("DELETE", one + "/groups/{group}", in -> WampCall.of(prefix + ".remove_group",
                in.var("realm"), in.var(key), in.var("group"))));
        if (collection.equals("users")) {
            routes.add(action("PUT", one + "/password", in -> in.object().containsKey("old_password")
                    ? WampCall.of("bondy.user.change_password", in.var("realm"), in.var(key),
                    in.field("password"), in.field("old_password"))
                    : WampCall.of("bondy.user.change_password", in.var("realm"), in.var(key), in.field("password"))));
            // Bondy's path and body: {"new_password": ...}
            routes.add(action("POST", one + "/change_password", in -> WampCall.of("bondy.user.change_password",
                    in.var("realm"), in.var(key), in.field("new_password"))));
            routes.add(action("PUT", one + "/enabled", in -> WampCall.of(
                    Boolean.TRUE.equals(in.field("enabled")) ? "bondy.user.enable" : "bondy.user.disable",
                    in.var("realm"), in.var(key))));
        }
    }

    private void grantsAndSources() {
        routes.add(get("/realms/{realm}/grants", in -> WampCall.of("bondy.realm.grants", in.var("realm"))));
        routes.add(post("/realms/{realm}/grants", in -> WampCall.of("bondy.grant.create", in.var("realm"),
                in.object())));
        routes.add(action("DELETE", "/realms/{realm}/grants", in -> WampCall.of("bondy.grant.revoke",
                in.var("realm"), in.object())));
        // For clients that cannot send a body with DELETE.
        routes.add(action("POST", "/realms/{realm}/grants/revoke", in -> WampCall.of("bondy.grant.revoke",
                in.var("realm"), in.object())));
        routes.add(get("/realms/{realm}/sources", in -> WampCall.of("bondy.source.list", in.var("realm"))));
        routes.add(post("/realms/{realm}/sources", in -> WampCall.of("bondy.source.add", in.var("realm"),
                in.object())));
        routes.add(action("DELETE", "/realms/{realm}/sources", in -> WampCall.of("bondy.source.delete",
                in.var("realm"), in.field("usernames"), in.field("cidr"))));
    }

    /** The HTTP API gateway's specifications (Bondy's admin API paths). */
    private void apiSpecs() {
        routes.add(post("/services/load_api_spec", in -> WampCall.of("bondy.http_gateway.api.load", in.object())));
        routes.add(post("/api_specs", in -> WampCall.of("bondy.http_gateway.api.load", in.object())));
        routes.add(get("/api_specs", in -> WampCall.of("bondy.http_gateway.api.list")));
        routes.add(get("/api_specs/{id}", in -> WampCall.of("bondy.http_gateway.api.get", in.var("id"))));
        routes.add(action("DELETE", "/api_specs/{id}", in -> WampCall.of("bondy.http_gateway.api.delete",
                in.var("id"))));
    }

    /** The WAMP meta API acts on the caller's realm: these run in the realm of the path. */
    private void meta() {
        routes.add(get("/realms/{realm}/registrations",
                in -> WampCall.inRealm(in.var("realm"), "wamp.registration.list")));
        routes.add(get("/realms/{realm}/subscriptions",
                in -> WampCall.inRealm(in.var("realm"), "wamp.subscription.list")));
        routes.add(get("/realms/{realm}/sessions", in -> WampCall.inRealm(in.var("realm"), "wamp.session.list")));
    }
}
