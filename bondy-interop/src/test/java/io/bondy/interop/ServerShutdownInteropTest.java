package io.bondy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.crossbar.autobahn.wamp.types.CloseDetails;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SIGTERM: the server says GOODBYE wamp.close.system_shutdown to a connected autobahn-java session and exits 0. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerShutdownInteropTest {

    @Test
    void sigtermSendsGoodbyeSystemShutdownAndExitsZero() {
        BondyProcess bondy = BondyProcess.start("shutdown");
        try (AutobahnJavaPeer json = AutobahnJavaPeer.join("A", bondy.webSocketUrl(), "wamp.2.json");
                AutobahnJavaPeer cbor = AutobahnJavaPeer.join("B", bondy.webSocketUrl(), "wamp.2.cbor")) {
            int code = bondy.stop();
            CloseDetails a = AutobahnJavaPeer.await("A GOODBYE from the router", json.left);
            CloseDetails b = AutobahnJavaPeer.await("B GOODBYE from the router", cbor.left);
            assertThat(a.reason).as("GOODBYE reason to A").isEqualTo("wamp.close.system_shutdown");
            assertThat(b.reason).as("GOODBYE reason to B").isEqualTo("wamp.close.system_shutdown");
            assertThat(code).as("exit code after SIGTERM; server output:%n%s", bondy.outputTail(8_000)).isZero();
        } finally {
            bondy.stop();
        }
    }
}
