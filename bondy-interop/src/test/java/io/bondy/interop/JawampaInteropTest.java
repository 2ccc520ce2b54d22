package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jawampa 0.5.0's client ({@code ws.wamp.jawampa:jawampa-netty}) runs the scenario of the module
 * {@code bondy-interop/jawampa} ({@code JawampaClientMain}) against the packaged server over WebSocket with JSON
 * and MessagePack (jawampa has no CBOR and no progressive call results). jawampa brings Netty 4.1.11, RxJava 1 and
 * Jackson 2.4, so it runs in its own JVM on the classpath that module writes to
 * {@code target/classpath.txt}; the reactor builds it before this module. Fails (does not skip) when it is not
 * built.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JawampaInteropTest {

    @RegisterExtension
    static final BondyServerExtension BONDY = new BondyServerExtension("jawampa");

    static final String MAIN = "io.bondy.interop.jawampa.JawampaClientMain";

    static String classpath;

    @BeforeAll
    static void requireJawampaClient() throws IOException {
        Path target = Path.of(System.getProperty("bondy.interop.jawampa.target",
                InteropSupport.testDir().getParent().getParent().resolve("jawampa").resolve("target").toString()))
                .toAbsolutePath().normalize();
        Path classes = target.resolve("classes");
        Path classpathFile = target.resolve("classpath.txt");
        if (!Files.isRegularFile(classes.resolve(MAIN.replace('.', '/') + ".class"))
                || !Files.isRegularFile(classpathFile)) {
            fail("the jawampa client is not built (" + classes + " and " + classpathFile + " are needed): run"
                    + " `mvn -B package -pl bondy-interop/jawampa` from the repository root (`mvn -B verify` builds it"
                    + " before this module)");
        }
        classpath = classes + java.io.File.pathSeparator
                + Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                fail("the jawampa client's classpath names " + entry + ", which does not exist: rebuild it with"
                        + " `mvn -B package -pl bondy-interop/jawampa`");
            }
        }
        System.out.println("[interop] jawampa client: " + classes);
    }

    @ParameterizedTest(name = "websocket {0}")
    @ValueSource(strings = {"json", "msgpack"})
    void fullScenario(String serializer) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        InteropSupport.ClientRun run = InteropSupport.run(
                List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx128m", "-cp", classpath, MAIN,
                        BONDY.server().webSocketUrl(), serializer),
                InteropSupport.testDir(), "jawampa-websocket-" + serializer + ".log");
        assertThat(run.succeeded()).as("jawampa scenario over WebSocket with %s failed:%n%s", serializer,
                run.describe()).isTrue();
        assertThat(run.output()).contains("PASSED");
    }
}
