package io.bondy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bondy.core.message.Call;
import io.bondy.core.message.Invocation;
import io.bondy.core.message.Payload;
import io.bondy.core.message.Register;
import io.bondy.core.message.Registered;
import io.bondy.core.message.Result;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.core.message.Yield;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The Docker image ({@code docker/Dockerfile}) as three containers on one network, finding each other
 * by DNS (a shared network alias, as {@code docker/docker-compose.yml} does): a callee on the third
 * node answers a caller on the first. Needs a Docker engine and is skipped without one (these build
 * machines have none); {@link ProcessClusterTest} covers the same behaviour with plain processes.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerClusterTest {

    private static final String ALIAS = "bondy-peers";
    private static final List<GenericContainer<?>> NODES = new ArrayList<>();
    private static Network network;

    @BeforeAll
    static void startCluster() {
        network = Network.newNetwork();
        ImageFromDockerfile image = new ImageFromDockerfile("bondy-java-test", false)
                .withFileFromPath(".", Path.of("..").toAbsolutePath().normalize())
                .withDockerfilePath("docker/Dockerfile");
        for (int i = 1; i <= 3; i++) {
            GenericContainer<?> node = new GenericContainer<>(image)
                    .withNetwork(network)
                    .withNetworkAliases("bondy" + i, ALIAS)
                    .withEnv("BONDY_NODENAME", "bondy" + i)
                    .withEnv("BONDY_CLUSTER_ENABLED", "on")
                    .withEnv("BONDY_CLUSTER_BIND_ADDR", "bondy" + i)
                    .withEnv("BONDY_CLUSTER_DNS_NAME", ALIAS)
                    .withEnv("BONDY_CLUSTER_DNS_REFRESH", "2s")
                    .withEnv("BONDY_CLUSTER_SECRET", "docker-test-secret")
                    .withEnv("BONDY_ADMIN_PASSWORD", "docker-admin-pass")
                    .withExposedPorts(18082)
                    .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)));
            node.start();
            NODES.add(node);
        }
    }

    @AfterAll
    static void stopCluster() {
        NODES.forEach(GenericContainer::stop);
        if (network != null) {
            network.close();
        }
    }

    private static int port(int node) {
        return NODES.get(node).getMappedPort(18082);
    }

    @Test
    void aCallerOnTheFirstContainerReachesACalleeOnTheThird() throws Exception {
        try (RawSocketClient callee = RawSocketClient.connect(port(2), NODES.get(2).getHost());
             RawSocketClient caller = RawSocketClient.connect(port(0), NODES.get(0).getHost())) {
            assertThat(callee.joinAnonymous("realm1")).isInstanceOf(Welcome.class);
            assertThat(caller.joinAnonymous("realm1")).isInstanceOf(Welcome.class);
            callee.send(new Register(1, Map.of(), "com.docker.echo"));
            assertThat(callee.next()).isInstanceOf(Registered.class);
            Thread answering = new Thread(() -> {
                try {
                    while (true) {
                        if (callee.next() instanceof Invocation inv) {
                            callee.send(new Yield(inv.requestId(), Map.of(), inv.payload()));
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            answering.setDaemon(true);
            answering.start();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                caller.send(new Call(caller.nextRequest(), Map.of(), "com.docker.echo", Payload.of(List.of("hi"))));
                WampMessage reply = caller.next();
                assertThat(reply).isInstanceOf(Result.class);
                assertThat(((Result) reply).payload()).isEqualTo(Payload.of(List.of("hi")));
            });
        }
    }
}
