package io.bondy.transport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bondy.core.router.Router;
import io.bondy.core.spi.RouterMetrics;
import io.bondy.transport.support.NoLeaks;
import io.bondy.transport.support.RawHttp;
import io.bondy.transport.support.RunningServer;
import io.bondy.transport.support.TestConfigs;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Transport errors any unauthenticated peer can cause are one DEBUG line and a count each, never a
 * stack trace at INFO or WARN; an error that is not the peer's doing is one WARN line.
 */
@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TransportErrorLoggingTest {

    private static final int CONNECTIONS = 20;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final CountingMetrics metrics = new CountingMetrics();

    @BeforeEach
    void captureLog() {
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(log);
        log.stop();
    }

    @Test
    void aWebSocketFrameCutShortByACloseIsOneDebugLineAndACount() throws IOException {
        try (RunningServer server = new RunningServer(TestConfigs.standard(), Router.development(), metrics)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                truncatedFrameThenClose(server.webSocketPort());
            }
            // the counter is incremented after the log line: once it is there, so is whatever was logged
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> metrics.count("websocket", ExceptionHandler.PREMATURE_CLOSE) == CONNECTIONS);
        }
        assertThat(loudOrWithStackTrace()).isEmpty();
    }

    @Test
    void anHttpBodyCutShortByACloseIsOneDebugLineAndACount() throws IOException {
        try (RunningServer server = new RunningServer(TestConfigs.standard(), Router.development(), metrics)) {
            try (Socket socket = new Socket("127.0.0.1", server.webSocketPort())) {
                socket.getOutputStream().write(("POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ngrant_type")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> metrics.count("websocket", ExceptionHandler.PREMATURE_CLOSE) == 1);
        }
        assertThat(loudOrWithStackTrace()).isEmpty();
    }

    @Test
    void anErrorThatIsNotThePeersDoingIsOneWarnLineWithoutStackTrace() {
        EmbeddedChannel channel = new EmbeddedChannel(new ExceptionHandler(metrics, "rawsocket"));
        channel.pipeline().fireExceptionCaught(new IllegalStateException("a bug of ours"));

        assertThat(channel.isActive()).isFalse();
        assertThat(metrics.count("rawsocket", ExceptionHandler.UNEXPECTED)).isEqualTo(1);
        List<ILoggingEvent> warnings = log.list.stream()
                .filter(e -> e.getLoggerName().equals(ExceptionHandler.class.getName())).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(warnings.get(0).getFormattedMessage()).contains("IllegalStateException: a bug of ours");
        assertThat(warnings.get(0).getThrowableProxy()).as("no stack trace above DEBUG").isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void aPeerResetIsOneDebugLineAndACount() {
        EmbeddedChannel channel = new EmbeddedChannel(new ExceptionHandler(metrics, "rawsocket"));
        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertThat(channel.isActive()).isFalse();
        assertThat(metrics.count("rawsocket", ExceptionHandler.IO)).isEqualTo(1);
        assertThat(loudOrWithStackTrace()).isEmpty();
        channel.finishAndReleaseAll();
    }

    /** Events at INFO or above from the transport or Netty, and any event above DEBUG with a stack trace. */
    private List<String> loudOrWithStackTrace() {
        return log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .filter(e -> e.getThrowableProxy() != null || e.getLoggerName().startsWith("io.netty")
                        || e.getLoggerName().startsWith("io.bondy.transport.pipeline")
                        || e.getLoggerName().startsWith("io.bondy.transport.websocket"))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getClassName()))
                .toList();
    }

    /**
     * Upgrades with {@code wamp.2.json}, sends the first fragment of a text message, then a
     * continuation frame whose header announces 1000 bytes of which 10 come, and closes.
     */
    private static void truncatedFrameThenClose(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(RawHttp.upgrade(TestConfigs.PATH, "Sec-WebSocket-Protocol: wamp.2.json\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            out.writeByte(0x01);          // text, not FIN: more fragments follow
            out.writeByte(0x80 | 2);      // masked, 2 bytes
            out.writeInt(0);              // masking key 0: the payload is as written
            out.write(new byte[] {'[', '1'});
            out.writeByte(0x80);          // continuation, FIN
            out.writeByte(0x80 | 126);    // masked, 16-bit length follows
            out.writeShort(1000);         // announces 1000 bytes ...
            out.writeInt(0);
            out.write(new byte[10]);      // ... sends 10, then closes
            out.flush();
        }
    }

    private static final class CountingMetrics implements RouterMetrics {
        private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();

        @Override
        public void transportError(String transport, String kind) {
            errors.computeIfAbsent(transport + "/" + kind, k -> new AtomicInteger()).incrementAndGet();
        }

        int count(String transport, String kind) {
            AtomicInteger n = errors.get(transport + "/" + kind);
            return n == null ? 0 : n.get();
        }
    }
}
