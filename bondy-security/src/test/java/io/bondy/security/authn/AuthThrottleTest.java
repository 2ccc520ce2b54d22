package io.bondy.security.authn;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The throttle's tables stay bounded, and say so when they are full. */
class AuthThrottleTest {

    private static final class TestClock extends Clock {
        private long millis = 1_000_000;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private static InetAddress ip(int i) {
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFullTableCountsNoNewKeysUntilEntriesExpireAndSaysSoOnce() {
        TestClock clock = new TestClock();
        AuthThrottle throttle = new AuthThrottle(new ThrottleSettings(3, Duration.ofMinutes(1), Duration.ofMinutes(5),
                0, Duration.ofMinutes(1), Duration.ofMinutes(1), 3), clock);
        Logger log = (Logger) LoggerFactory.getLogger(AuthThrottle.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            for (int i = 1; i <= 3; i++) {
                throttle.failed(ip(i), "realm", "user" + i);
            }
            for (int n = 0; n < 10; n++) {
                throttle.failed(ip(4), "realm", "user4");
            }
            assertThat(throttle.isBlocked(ip(4), "realm", "user4")).as("not tracked: the table is full").isFalse();
            assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("security.throttle.max_entries = 3"));

            clock.millis += Duration.ofMinutes(1).toMillis();
            for (int n = 0; n < 3; n++) {
                throttle.failed(ip(4), "realm", "user4");
            }
            assertThat(throttle.isBlocked(ip(4), "realm", "user4")).as("tracked once the others expired").isTrue();
        } finally {
            log.detachAppender(logged);
        }
    }

    @Test
    void manyAddressesAndAuthidsNeverGrowTheTablesPastTheirCap() {
        FailureTable<Integer> table = new FailureTable<>(5, Duration.ofMinutes(1), Duration.ofMinutes(5), 100);
        long now = 0;
        for (int i = 0; i < 10_000; i++) {
            table.fail(i, i, now);
            now += 10; // 100 s in all: older entries expire along the way
            assertThat(table.size()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void ipv6AddressesAreThrottledPerSlash64AndIpv4Alone() throws UnknownHostException {
        assertThat(AuthThrottle.subject(InetAddress.getByName("2001:db8:1:2:aaaa:bbbb:cccc:dddd")))
                .isEqualTo(InetAddress.getByName("2001:db8:1:2::"));
        assertThat(AuthThrottle.subject(InetAddress.getByName("192.0.2.7")))
                .isEqualTo(InetAddress.getByName("192.0.2.7"));
        assertThat(AuthThrottle.subject(null)).isNull();
    }
}
