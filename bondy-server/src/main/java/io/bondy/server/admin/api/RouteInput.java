package io.bondy.server.admin.api;

import io.bondy.core.WampErrors;
import java.util.Map;

/**
 * What a route turns into a {@link WampCall}: the path variables and the parsed JSON body.
 *
 * @param vars the path variables, decoded
 * @param body the parsed JSON body, or null when the request had none
 */
record RouteInput(Map<String, String> vars, Object body) {

    String var(String name) {
        return vars.get(name);
    }

    /** The body as a JSON object; a missing or other body is the client's mistake. */
    @SuppressWarnings("unchecked")
    Map<String, Object> object() {
        if (body instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new AdminApiException(400, WampErrors.INVALID_ARGUMENT, "the request body must be a JSON object");
    }

    /** A field of the body object, which must be present. */
    Object field(String name) {
        Object v = object().get(name);
        if (v == null) {
            throw new AdminApiException(400, WampErrors.INVALID_ARGUMENT, "the body needs '" + name + "'");
        }
        return v;
    }
}
