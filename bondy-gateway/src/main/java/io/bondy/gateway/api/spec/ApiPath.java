package io.bondy.gateway.api.spec;

import java.util.List;
import java.util.Map;

/**
 * One path of a version, with what it inherited (API → version → path) already applied.
 *
 * @param path      the key as written ({@code /things/:id}, may hold optional segments)
 * @param variables the path's variables, evaluated (the request-time context offers them too)
 * @param defaults  the path's defaults, evaluated
 * @param methods   lower-case method name → spec, in document order
 */
public record ApiPath(String path, boolean collection, List<String> accepts, List<String> provides,
                      List<String> schemes, Security security, String summary, String description,
                      Map<String, Object> variables, Map<String, Object> defaults,
                      Map<String, MethodSpec> methods) {
}
