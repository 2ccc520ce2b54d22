package io.bondy.gateway.api.spec;

/**
 * {@code on_result} or {@code on_error}: terms evaluated after the action, with {@code action.result}
 * or {@code action.error} in the context. A null {@code statusCode} means the default (200/201/204 for
 * a result, the mapped status of the error URI for an error); a null {@code uri} means no {@code Location}.
 */
public record ResponseSpec(Object statusCode, Object headers, Object body, Object uri) {
}
