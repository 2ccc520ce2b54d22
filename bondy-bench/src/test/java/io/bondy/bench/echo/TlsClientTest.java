package io.bondy.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.bench.client.BenchConnection;
import io.bondy.bench.client.Connector;
import io.bondy.bench.client.Endpoint;
import io.bondy.core.serialization.SerializerKind;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator's TLS (the tls workload's client) against an in-process RawSocket echo behind TLS, with
 * certificates made by {@code openssl} here: it talks through a certificate of the CA it trusts for 127.0.0.1,
 * and refuses one from another CA and one without 127.0.0.1 among its subject alternative names.
 */
class TlsClientTest {

    @TempDir
    static Path pki;
    private static EventLoopGroup group;

    @BeforeAll
    static void makePki() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=bench test CA");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "other-ca.key", "-out", "other-ca.pem", "-days", "1", "-subj", "/CN=another CA");
        server("good", "subjectAltName=IP:127.0.0.1");
        server("wrong-san", "subjectAltName=DNS:router.example.com");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void rawSocketOverTlsEchoesAndRecordsWhatWasNegotiated() throws Exception {
        Channel server = listen("good");
        try (Connector connector = new Connector(1)) {
            connector.trust(pki.resolve("ca.pem"));
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            Endpoint endpoint = Endpoint.rawSocket("127.0.0.1", port, SerializerKind.JSON).withTls(port);
            assertThat(endpoint.label()).isEqualTo("raw+tls/json");
            CompletableFuture<String> back = new CompletableFuture<>();
            BenchConnection conn = connector.connect(endpoint,
                    (c, payload) -> back.complete(new String(payload, StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            conn.send("[1,\"realm1\",{}]".getBytes(StandardCharsets.UTF_8));
            assertThat(back.get(10, TimeUnit.SECONDS)).isEqualTo("[1,\"realm1\",{}]");
            conn.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            assertThat(connector.tlsSessions()).singleElement().asString().startsWith("TLSv1.3 TLS_");
            assertThat(connector.tlsProvider()).isNotEqualTo("none");
        } finally {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        assertRefused("good", "other-ca.pem", "unable to find valid certification path");
    }

    @Test
    void aCertificateNotNamingTheAddressIsRefused() throws Exception {
        assertRefused("wrong-san", "ca.pem", "No subject alternative names matching IP address 127.0.0.1");
    }

    @Test
    void aWebSocketTlsEndpointIsWss() {
        Endpoint wss = Endpoint.webSocket("127.0.0.1", 1, "/ws", SerializerKind.MSGPACK).withTls(2);
        assertThat(wss.webSocketUri()).hasToString("wss://127.0.0.1:2/ws");
        assertThat(wss.label()).isEqualTo("wss/msgpack");
    }

    private static void assertRefused(String cert, String trusted, String why) throws Exception {
        Channel server = listen(cert);
        try (Connector connector = new Connector(1)) {
            connector.trust(pki.resolve(trusted));
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            Endpoint endpoint = Endpoint.rawSocket("127.0.0.1", port, SerializerKind.JSON).withTls(port);
            assertThatThrownBy(() -> connector.connect(endpoint, (c, p) -> { }).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).rootCause().hasMessageContaining(why);
            assertThat(connector.tlsSessions()).isEmpty();
        } finally {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** A RawSocket echo behind TLS with {@code name}'s certificate, on a free loopback port. */
    private static Channel listen(String name) throws Exception {
        SslContext tls = SslContextBuilder.forServer(pki.resolve(name + ".pem").toFile(),
                pki.resolve(name + ".key").toFile()).build();
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new RawSocketEchoHandshake());
                        ch.pipeline().addLast(new RawSocketEchoHandler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    private static void server(String name, String san) throws Exception {
        Files.writeString(pki.resolve(name + ".ext"), san + "\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/CN=127.0.0.1");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "1", "-extfile", name + ".ext");
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("%s: %s", command, out).isTrue();
    }
}
