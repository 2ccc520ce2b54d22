package io.bondy.gateway.api.spec;

import java.util.List;
import java.util.Map;

/**
 * A parsed, validated API specification. {@code source} is the document as loaded (what is stored,
 * replicated and returned by {@code bondy.http_gateway.api.get}); the rest is what serving needs.
 *
 * @param host {@code _} for any host, else a host name (compared without port, case-insensitively)
 */
public record ApiSpec(String id, String name, String host, String realmUri, Map<String, Object> meta,
                      List<ApiVersion> versions, Map<String, Object> source) {

    public boolean anyHost() {
        return "_".equals(host);
    }
}
