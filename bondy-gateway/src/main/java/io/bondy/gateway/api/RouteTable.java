package io.bondy.gateway.api;

import io.bondy.gateway.api.spec.ApiPath;
import io.bondy.gateway.api.spec.ApiSpec;
import io.bondy.gateway.api.spec.ApiSpecException;
import io.bondy.gateway.api.spec.ApiVersion;
import io.bondy.gateway.api.spec.PathPattern;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every served URL of the loaded APIs (active versions only), for one lookup per request. Immutable:
 * a change of the loaded APIs builds a new table, swapped in atomically ({@link ApiRegistry}).
 * Lookup: routes of the request's host first, then those of any host ({@code "_"}); among them the one
 * with the most literal segments ({@code /things/new} before {@code /things/:id}).
 *
 * <p>Thread-safe (immutable).
 */
public final class RouteTable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);

    /** One concrete URL pattern of a path of an API version. */
    public record Route(ApiSpec api, ApiVersion version, ApiPath path, PathPattern pattern) {
    }

    /** A matched route and the bindings it took from the URL. */
    public record Match(Route route, Map<String, Object> bindings) {
    }

    /** An API version's generated OpenAPI document is served at {@code <base_path>/openapi.json}. */
    public record DocTarget(ApiSpec api, ApiVersion version, String basePath) {
    }

    public static final RouteTable EMPTY = new RouteTable(List.of(), List.of());

    /** Routes by segment count, each list sorted (specific host first, then literals). */
    private final Map<Integer, List<Route>> byLength;
    private final List<Route> routes;
    private final List<DocTarget> docs;

    private RouteTable(List<Route> routes, List<DocTarget> docs) {
        this.routes = List.copyOf(routes);
        this.docs = List.copyOf(docs);
        Map<Integer, List<Route>> m = new HashMap<>();
        for (Route r : routes) {
            m.computeIfAbsent(r.pattern().length(), k -> new ArrayList<>()).add(r);
        }
        Comparator<Route> order = Comparator.<Route, Boolean>comparing(r -> r.api().anyHost())
                .thenComparing(Comparator.comparingInt((Route r) -> r.pattern().literals()).reversed());
        m.values().forEach(l -> l.sort(order));
        this.byLength = m;
    }

    /**
     * The table of {@code specs}. Where two APIs serve the same URL for the same host, the one whose id
     * sorts first keeps it (logged; {@link #checkConflicts} refuses such a load in the first place, but
     * concurrent loads on two nodes may still meet here).
     */
    public static RouteTable build(Collection<ApiSpec> specs) {
        List<ApiSpec> sorted = new ArrayList<>(specs);
        sorted.sort(Comparator.comparing(ApiSpec::id));
        List<Route> routes = new ArrayList<>();
        List<DocTarget> docs = new ArrayList<>();
        for (ApiSpec api : sorted) {
            for (Route r : routesOf(api)) {
                Optional<Route> clash = routes.stream().filter(o -> clashes(o, r)).findFirst();
                if (clash.isPresent()) {
                    LOG.warn("API {} path {} is not served: API {} serves {} already", api.id(), r.path().path(),
                            clash.get().api().id(), r.pattern());
                } else {
                    routes.add(r);
                }
            }
            for (ApiVersion v : api.versions()) {
                if (v.active()) {
                    v.basePaths().forEach(b -> docs.add(new DocTarget(api, v, b)));
                }
            }
        }
        return new RouteTable(routes, docs);
    }

    /**
     * Refuses {@code candidate} when one of its URLs is served by another loaded API (a reload of the
     * same id replaces it and is no conflict).
     *
     * @throws ApiSpecException naming the candidate's path
     */
    public static void checkConflicts(ApiSpec candidate, Collection<ApiSpec> loaded) {
        List<Route> others = new ArrayList<>();
        loaded.stream().filter(s -> !s.id().equals(candidate.id())).forEach(s -> others.addAll(routesOf(s)));
        for (Route r : routesOf(candidate)) {
            for (Route o : others) {
                if (clashes(o, r)) {
                    throw new ApiSpecException("versions." + r.version().name() + ".paths." + r.path().path(),
                            "serves " + r.pattern() + ", which API '" + o.api().id() + "' serves already");
                }
            }
        }
    }

    private static boolean clashes(Route a, Route b) {
        return a.api().host().equals(b.api().host()) && a.pattern().sameShape(b.pattern());
    }

    private static List<Route> routesOf(ApiSpec api) {
        List<Route> out = new ArrayList<>();
        for (ApiVersion v : api.versions()) {
            if (!v.active()) {
                continue;
            }
            for (ApiPath p : v.paths()) {
                for (String base : v.basePaths()) {
                    for (String alt : PathPattern.expand(p.path())) {
                        out.add(new Route(api, v, p, PathPattern.compile(base + alt)));
                    }
                }
            }
        }
        return out;
    }

    /** The route serving {@code path} for {@code host} (without port, lower case), if any. */
    public Optional<Match> find(String host, String path) {
        String[] segments = PathPattern.segments(path);
        List<Route> candidates = byLength.get(segments.length);
        if (candidates == null) {
            return Optional.empty();
        }
        for (Route r : candidates) {
            if (!r.api().anyHost() && !r.api().host().equals(host)) {
                continue;
            }
            Map<String, Object> bindings = r.pattern().match(segments);
            if (bindings != null) {
                return Optional.of(new Match(r, bindings));
            }
        }
        return Optional.empty();
    }

    /** The API version whose OpenAPI document {@code path} asks for, if any. */
    public Optional<DocTarget> doc(String host, String path) {
        if (!path.endsWith("/openapi.json")) {
            return Optional.empty();
        }
        String base = PathPattern.normalize(path.substring(0, path.length() - "/openapi.json".length()));
        return docs.stream().filter(d -> d.basePath().equals(base)
                && (d.api().anyHost() || d.api().host().equals(host))).findFirst();
    }

    /** Whether {@code path} lies under a loaded API's base path (an unknown path there is the gateway's 404). */
    public boolean underBasePath(String host, String path) {
        String p = PathPattern.normalize(path);
        for (DocTarget d : docs) {
            String b = d.basePath();
            if ((d.api().anyHost() || d.api().host().equals(host)) && !b.equals("/")
                    && (p.equals(b) || p.startsWith(b + "/"))) {
                return true;
            }
        }
        return false;
    }

    /** Every route: for the paths of one API (OpenAPI, listings). */
    public List<Route> routes() {
        return routes;
    }

    /** The routes of API {@code id}, by path key, in order. */
    public Map<String, List<Route>> routesOf(String id) {
        Map<String, List<Route>> out = new LinkedHashMap<>();
        routes.stream().filter(r -> r.api().id().equals(id))
                .forEach(r -> out.computeIfAbsent(r.path().path(), k -> new ArrayList<>()).add(r));
        return out;
    }
}
