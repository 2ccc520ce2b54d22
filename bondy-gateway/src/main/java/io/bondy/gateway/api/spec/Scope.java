package io.bondy.gateway.api.spec;

import io.bondy.core.expression.ExpressionException;
import io.bondy.core.expression.Mops;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The load-time context of one level of a spec (API, version, path): its {@code variables} and
 * {@code defaults}, the level's own merged over its parent's (a lower level overrides a higher one)
 * and evaluated. Evaluation repeats until nothing changes, so a variable may use another defined after
 * it or at a higher level; a reference to a missing variable or a cycle is an error at the path of the
 * variable that holds it.
 */
final class Scope {

    /** More passes than this and the variables refer to each other in a cycle. */
    private static final int MAX_PASSES = 12;

    private final Map<String, Object> rawVars;
    private final Map<String, String> varPaths;
    private final Map<String, Object> rawDefs;
    private final Map<String, String> defPaths;
    private final Map<String, Object> vars;
    private final Map<String, Object> defs;

    private Scope(Map<String, Object> rawVars, Map<String, String> varPaths, Map<String, Object> rawDefs,
                  Map<String, String> defPaths) {
        this.rawVars = rawVars;
        this.varPaths = varPaths;
        this.rawDefs = rawDefs;
        this.defPaths = defPaths;
        this.vars = fixpoint(rawVars, varPaths, null);
        this.defs = fixpoint(rawDefs, defPaths, vars);
    }

    /** The top level: Bondy's defaults under the API's own. */
    static Scope root(SpecNode api, Map<String, Object> bondyDefaults) {
        Map<String, String> defPaths = new LinkedHashMap<>();
        bondyDefaults.keySet().forEach(k -> defPaths.put(k, "defaults." + k));
        return new Scope(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(bondyDefaults), defPaths)
                .child(api);
    }

    /** The scope of a lower level, {@code node} (its {@code variables} and {@code defaults} if any). */
    Scope child(SpecNode node) {
        return with(node, Map.of());
    }

    /**
     * The scope of a lower level whose node also overrides some defaults directly (a path's own
     * {@code timeout}, ...): {@code overrides} maps a key to its node.
     */
    Scope with(SpecNode node, Map<String, SpecNode> overrides) {
        Map<String, Object> v = new LinkedHashMap<>(rawVars);
        Map<String, String> vp = new LinkedHashMap<>(varPaths);
        Map<String, Object> d = new LinkedHashMap<>(rawDefs);
        Map<String, String> dp = new LinkedHashMap<>(defPaths);
        if (node.has("variables") && node.get("variables").value() != null) {
            SpecNode vn = node.get("variables");
            vn.map().forEach((k, val) -> {
                v.put(k, val);
                vp.put(k, vn.pathOf(k));
            });
        }
        if (node.has("defaults") && node.get("defaults").value() != null) {
            SpecNode dn = node.get("defaults");
            dn.map().forEach((k, val) -> {
                d.put(k, val);
                dp.put(k, dn.pathOf(k));
            });
        }
        overrides.forEach((k, n) -> {
            d.put(k, n.value());
            dp.put(k, n.path());
        });
        return new Scope(v, vp, d, dp);
    }

    Map<String, Object> variables() {
        return vars;
    }

    Map<String, Object> defaults() {
        return defs;
    }

    /** The load-time context: {@code variables} and {@code defaults}. */
    Map<String, Object> context() {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("variables", vars);
        ctx.put("defaults", defs);
        return ctx;
    }

    /** Evaluates {@code term} at load time; request-time expressions stay as they are. */
    Object eval(SpecNode term) {
        return eval(term.value(), term.path(), context());
    }

    static Object eval(Object term, String path, Map<String, Object> ctx) {
        try {
            return Mops.eval(term, ctx);
        } catch (ExpressionException e) {
            String p = e.path() == null || e.path().isEmpty() ? path
                    : path.isEmpty() ? e.path() : path + "." + e.path();
            throw new ApiSpecException(p, "bad expression: " + e.reason());
        }
    }

    private static Map<String, Object> fixpoint(Map<String, Object> raw, Map<String, String> paths,
                                                Map<String, Object> evaluatedVars) {
        Map<String, Object> current = new LinkedHashMap<>(raw);
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("variables", evaluatedVars == null ? current : evaluatedVars);
            ctx.put("defaults", evaluatedVars == null ? Map.of() : current);
            Map<String, Object> next = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : raw.entrySet()) {
                Object value = e.getValue();
                if (evaluatedVars == null) {
                    // variables see only variables (defaults are evaluated after them)
                    ctx.remove("defaults");
                }
                next.put(e.getKey(), eval(value, paths.getOrDefault(e.getKey(), e.getKey()), ctx));
            }
            if (next.equals(current)) {
                return next;
            }
            current = next;
            raw = substitute(raw, current);
        }
        throw new ApiSpecException(paths.isEmpty() ? "variables" : paths.values().iterator().next(),
                "variables or defaults refer to each other in a cycle");
    }

    /** Next pass evaluates the previous pass's results (each pass resolves one more level of indirection). */
    private static Map<String, Object> substitute(Map<String, Object> raw, Map<String, Object> current) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.keySet().forEach(k -> out.put(k, current.get(k)));
        return out;
    }
}
