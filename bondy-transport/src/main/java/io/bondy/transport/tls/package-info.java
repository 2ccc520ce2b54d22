/**
 * TLS for the listeners: {@link io.bondy.transport.tls.TlsConfig} (a listener's PEM files, versions,
 * ciphers, client certificates), {@link io.bondy.transport.tls.TlsMaterial} (loads and checks the files,
 * naming the file and what is wrong), {@link io.bondy.transport.tls.TlsContext} (the listener's current
 * {@code SslContext}, replaced on reload while open connections keep theirs),
 * {@link io.bondy.transport.tls.TlsReloader} (polls the files and reloads on change),
 * {@link io.bondy.transport.tls.TlsHandshakeHandler} (counts and closes failed handshakes) and
 * {@link io.bondy.transport.tls.TlsProviders} (BoringSSL through netty-tcnative when it loads, the JDK's
 * provider otherwise).
 */
package io.bondy.transport.tls;
