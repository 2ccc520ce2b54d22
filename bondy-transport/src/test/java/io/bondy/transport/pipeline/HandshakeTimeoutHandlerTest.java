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
        assertThat(handler().isRunning()).isFalse();
    }

    @Test
    void armingAfterACancelStartsAFullNewDeadline() {
        HandshakeTimeoutHandler.cancel(channel.pipeline());
        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        HandshakeTimeoutHandler.arm(channel.pipeline());

        channel.advanceTimeBy(499, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isActive()).isTrue();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void armingWhileTheDeadlineRunsKeepsIt() {
        channel.advanceTimeBy(400, TimeUnit.MILLISECONDS);
        HandshakeTimeoutHandler.arm(channel.pipeline());
        channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void aHandlerThatTakesTheEventClosesTheConnectionItself() {
        channel.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof HandshakeTimeoutEvent e) {
                    e.handled();
                }
            }
        });
        channel.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isActive()).as("left to the handler that took the event").isTrue();
    }

    private HandshakeTimeoutHandler handler() {
        return (HandshakeTimeoutHandler) channel.pipeline().get(ChannelHandlerNames.HANDSHAKE_TIMEOUT);
    }

    @Test
    void cancellingTwiceIsHarmless() {
        HandshakeTimeoutHandler.cancel(channel.pipeline());
        HandshakeTimeoutHandler.cancel(channel.pipeline());

        assertThat(channel.isActive()).isTrue();
    }
}
