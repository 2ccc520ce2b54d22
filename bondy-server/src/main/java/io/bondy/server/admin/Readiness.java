package io.bondy.server.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What {@code GET /ready} checks: named conditions (store open, listeners up, and any a component
 * adds, e.g. a cluster module's "joined the cluster"), all of which must hold.
 *
 * <p>Threading: any thread.
 */
public final class Readiness {

    private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();

    /** Adds or replaces the check {@code name}. */
    public void add(String name, BooleanSupplier check) {
        checks.put(name, check);
    }

    public boolean isReady() {
        return checks.values().stream().allMatch(BooleanSupplier::getAsBoolean);
    }

    /** {@code 200 {"status":"ready","checks":{...}}} or {@code 503 {"status":"not_ready",...}}. */
    public HttpReply reply() {
        Map<String, Object> results = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, BooleanSupplier> e : new java.util.TreeMap<>(checks).entrySet()) {
            boolean ok = e.getValue().getAsBoolean();
            ready &= ok;
            results.put(e.getKey(), ok ? "ok" : "failing");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not_ready");
        if (!ready) {
            body.put("message", "not every check passes");
        }
        body.put("checks", results);
        return HttpReply.jsonOf(ready ? 200 : 503, body);
    }
}
