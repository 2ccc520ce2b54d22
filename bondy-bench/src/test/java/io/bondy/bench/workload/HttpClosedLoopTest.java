package io.bondy.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.bench.client.Connector;
import io.bondy.bench.echo.EchoServer;
import io.bondy.bench.report.Latency;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gateway workload's HTTP client against the echo server's plain HTTP port (its bound). */
class HttpClosedLoopTest {

    @Test
    void keepAlivePostsAreAnsweredWithTheirOwnBodyAndMeasured() throws Exception {
        try (EchoServer echo = new EchoServer("127.0.0.1", 1); Connector connector = new Connector(1)) {
            echo.start(0, 0, 0);
            try (HttpClosedLoop loop = new HttpClosedLoop(connector, "127.0.0.1", echo.httpPort(), "/any", 4)) {
                Latency latency = new Latency();
                HttpClosedLoop.Result first = loop.run(Duration.ofMillis(300), latency);
                HttpClosedLoop.Result second = loop.run(Duration.ofMillis(300), latency); // the same connections
                assertThat(first.ok()).isPositive();
                assertThat(second.ok()).isPositive();
                assertThat(first.bad() + first.lost() + second.bad() + second.lost()).isZero();
                assertThat(first.firstBad()).isNull();
                assertThat(latency.summary().count()).isEqualTo(first.ok() + second.ok());
            }
        }
    }

    @Test
    void anAnswerThatIsNotTheRequestsBodyCountsAsBad() throws Exception {
        try (EchoServer echo = new EchoServer("127.0.0.1", 1); Connector connector = new Connector(1)) {
            echo.start(0, 0, 0);
            // the WebSocket port answers a plain POST with an HTTP error, not with its body
            try (HttpClosedLoop loop = new HttpClosedLoop(connector, "127.0.0.1", echo.webSocketPort(), "/ws", 1)) {
                HttpClosedLoop.Result r = loop.run(Duration.ofMillis(200), null);
                assertThat(r.ok()).isZero();
                assertThat(r.bad() + r.lost()).isPositive();
            }
        }
    }
}
