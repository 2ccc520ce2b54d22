package io.bondy.core.spi;

import io.bondy.core.serialization.SerializerKind;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;

/**
 * What the router knows of a session's transport.
 *
 * @param type       {@code websocket}, {@code rawsocket} or {@code internal}
 * @param serializer the negotiated serializer; null for in-process peers
 * @param remote     the peer's address; null for in-process peers
 * @param clientCertificate the certificate the client presented in its TLS handshake, already verified
 *                   against the listener's CA; null without TLS or without a client certificate
 */
public record TransportInfo(String type, SerializerKind serializer, InetSocketAddress remote,
                            X509Certificate clientCertificate) {

    /** A transport without a client certificate. */
    public TransportInfo(String type, SerializerKind serializer, InetSocketAddress remote) {
        this(type, serializer, remote, null);
    }

    public static TransportInfo internal() {
        return new TransportInfo("internal", null, null);
    }

    /** The details the meta API reports, e.g. {@code {type: websocket, serializer: json, peer: ...}}. */
    public java.util.Map<String, Object> toDetails() {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("type", type);
        if (serializer != null) {
            d.put("serializer", serializer.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (remote != null) {
            d.put("peer", remote.getAddress().getHostAddress() + ":" + remote.getPort());
        }
        if (clientCertificate != null) {
            d.put("client_certificate", clientCertificate.getSubjectX500Principal().getName());
        }
        return d;
    }
}
