package io.bondy.gateway.api.spec;

import java.util.List;
import java.util.Map;

/**
 * One version of an API.
 *
 * @param basePath    as written ({@code /api/[v1.0]})
 * @param basePaths   every concrete base path it stands for ({@code /api}, {@code /api/v1.0})
 * @param statusCodes WAMP error URI → HTTP status: the defaults, the API's, then the version's
 */
public record ApiVersion(String name, String basePath, List<String> basePaths, boolean active, boolean deprecated,
                         Map<String, Object> info, List<String> languages, Map<String, Object> statusCodes,
                         List<ApiPath> paths) {
}
