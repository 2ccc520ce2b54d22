package io.bondy.gateway.api.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WAMP error URI → HTTP status. {@link #DEFAULTS} are Bondy's; a spec's {@code status_codes} add to
 * and override them (API, then version). An unknown URI maps to 500.
 */
public final class StatusCodes {

    public static final Map<String, Object> DEFAULTS = defaults();

    private StatusCodes() {
    }

    /** The status of {@code errorUri} in {@code codes} (a spec version's), else 500. */
    public static int of(Map<String, Object> codes, String errorUri) {
        Object c = codes.get(errorUri);
        return c instanceof Number n ? n.intValue() : 500;
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bondy.error.already_exists", 400);
        m.put("bondy.error.not_found", 404);
        m.put("bondy.error.bad_gateway", 503);
        m.put("bondy.error.http_gateway.invalid_expression", 500);
        m.put("bondy.error.timeout", 504);
        m.put("wamp.error.timeout", 504);
        m.put("wamp.error.authorization_failed", 500);
        m.put("wamp.error.canceled", 400);
        m.put("wamp.error.cancelled", 400);
        m.put("wamp.close.close_realm", 500);
        m.put("wamp.error.disclose_me.not_allowed", 400);
        m.put("wamp.close.goodbye_and_out", 500);
        m.put("wamp.error.invalid_argument", 400);
        m.put("wamp.error.invalid_uri", 400);
        m.put("wamp.error.network_failure", 502);
        m.put("wamp.error.not_authorized", 403);
        m.put("wamp.error.no_eligible_callee", 502);
        m.put("wamp.error.no_such_procedure", 501);
        m.put("wamp.error.no_such_realm", 502);
        m.put("wamp.error.no_such_registration", 502);
        m.put("wamp.error.no_such_role", 400);
        m.put("wamp.error.no_such_session", 500);
        m.put("wamp.error.no_such_subscription", 502);
        m.put("wamp.error.option_disallowed.disclose_me", 400);
        m.put("wamp.error.option_not_allowed", 400);
        m.put("wamp.error.procedure_already_exists", 400);
        m.put("wamp.close.system_shutdown", 500);
        m.put("wamp.error.unavailable", 503);
        m.put("wamp.error.payload_size_exceeded", 413);
        return java.util.Collections.unmodifiableMap(m);
    }
}
