package io.bondy.server.admin;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One admin HTTP request, copied out of Netty's buffers so it can be handled off the event loop.
 *
 * @param method        the HTTP method, upper case
 * @param path          the decoded path, without the query
 * @param query         the query parameters
 * @param authorization the {@code Authorization} header, or null
 * @param body          the body (empty when none)
 * @param remote        the client's address, or null
 */
public record AdminRequest(String method, String path, Map<String, List<String>> query, String authorization,
                           byte[] body, InetSocketAddress remote) {

    public AdminRequest {
        query = Map.copyOf(query);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    @Override
    public String toString() {
        return "AdminRequest[" + method + " " + path + "]"; // never the Authorization header
    }
}
