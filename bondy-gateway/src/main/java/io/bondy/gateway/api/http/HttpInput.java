package io.bondy.gateway.api.http;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A complete HTTP request as the gateway uses it (copied out of Netty's buffers).
 *
 * @param method  upper case
 * @param path    decoded path without query string
 * @param host    the Host header without port, lower case ("" when absent)
 * @param headers lower-case names; repeated headers joined with ","
 */
public record HttpInput(String method, String uri, String path, String queryString, String host, int port,
                        Map<String, String> headers, byte[] body, InetSocketAddress remote) {

    public String header(String name) {
        return headers.get(name);
    }
}
