package io.bondy.transport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandshakeTimeoutHandlerTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();

    HandshakeTimeoutHandlerTest() {
        channel.freezeTime();
        channel.pipeline().addLast(ChannelHandlerNames.HANDSHAKE_TIMEOUT,
                new HandshakeTimeoutHandler(Duration.ofMillis(500)));
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    @Test
    void connectionWithoutAFirstMessageIsClosedAtTheDeadline() {
        channel.advanceTimeBy(499, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isActive()).isTrue();

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void cancellingTheTimerKeepsTheConnectionOpen() {
        HandshakeTimeoutHandler.cancel(channel.pipeline());
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isActive()).isTrue();
        assertThat(channel.pipeline().get(ChannelHandlerNames.HANDSHAKE_TIMEOUT)).isNull();
    }

    @Test
    void cancellingTwiceIsHarmless() {
        HandshakeTimeoutHandler.cancel(channel.pipeline());
        HandshakeTimeoutHandler.cancel(channel.pipeline());

        assertThat(channel.isActive()).isTrue();
    }
}
