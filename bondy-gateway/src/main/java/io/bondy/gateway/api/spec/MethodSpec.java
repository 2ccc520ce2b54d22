package io.bondy.gateway.api.spec;

import java.util.Map;

/**
 * One method of a path: its action, its two responses and the largest body it takes.
 *
 * @param method       lower case ({@code get}, {@code post}, ...)
 * @param bodyMaxBytes the largest request body, in bytes (Bondy's {@code body_max_bytes})
 */
public record MethodSpec(String method, Action action, ResponseSpec onResult, ResponseSpec onError,
                         long bodyMaxBytes, Map<String, Object> info) {
}
