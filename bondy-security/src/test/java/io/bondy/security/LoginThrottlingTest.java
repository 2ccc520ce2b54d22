package io.bondy.security;

import static io.bondy.security.SecureRouter.Client.abortReason;
import static io.bondy.security.SecureRouter.Client.challengeExtra;
import static io.bondy.security.SecureRouter.MASTER;
import static io.bondy.security.SecureRouter.OPEN_REALM;
import static io.bondy.security.SecureRouter.REALM;
import static io.bondy.security.SecureRouter.hello;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bondy.core.WampErrors;
import io.bondy.core.message.Challenge;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.security.authn.AuthThrottle;
import io.bondy.security.authn.ThrottleSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Login throttling with the shipped defaults (5 failures per address per minute, 20 per authid per
 * 10 minutes): it holds against the attacks of issue 18 (a success from the same address, other
 * identities, many addresses), and each block is logged once. Time is a clock the tests move.
 */
@Timeout(60)
class LoginThrottlingTest {

    private static final String ADMIN_PASSWORD = SecureRouter.ADMIN_PASSWORD;

    private final MutableClock clock = new MutableClock();
    private final SecureRouter r = new SecureRouter(SecureRouter.SETTINGS.withThrottle(ThrottleSettings.DEFAULTS),
            clock);
    private final Logger log = (Logger) LoggerFactory.getLogger(AuthThrottle.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        log.addAppender(logged);
        r.addUser("alice", "alice-password", "wampcra", List.of());
    }

    @AfterEach
    void releaseLog() {
        log.detachAppender(logged);
    }

    /** HELLO as {@code authid} with WAMP-CRA; the wrong password if CHALLENGEd. Returns whether it was tried. */
    private boolean wrongGuess(String realm, String authid, String ip) {
        SecureRouter.Client c = r.connect(ip);
        WampMessage first = c.hello(hello(realm, List.of("wampcra"), authid, Map.of()));
        if (!(first instanceof Challenge)) {
            assertThat(abortReason(first)).isEqualTo(WampErrors.AUTHENTICATION_FAILED);
            return false;
        }
        assertThat(abortReason(c.authenticate(Cra.sign("wrong-guess", challengeExtra(first, "wampcra")))))
                .isEqualTo(WampErrors.AUTHENTICATION_FAILED);
        return true;
    }

    private WampMessage login(String realm, String authid, String password, String ip) {
        SecureRouter.Client c = r.connect(ip);
        WampMessage first = c.hello(hello(realm, List.of("wampcra"), authid, Map.of()));
        if (!(first instanceof Challenge)) {
            return first;
        }
        return c.authenticate(Cra.sign(password, challengeExtra(first, "wampcra")));
    }

    private WampMessage anonymousJoin(String ip) {
        return r.connect(ip).hello(hello(OPEN_REALM, List.of("anonymous"), null, Map.of()));
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void anonymousJoinsFromTheSameAddressDoNotResetTheCount() {
        int tried = 0;
        int joined = 0;
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 4; i++) {
                tried += wrongGuess(REALM, "alice", "10.1.1.1") ? 1 : 0;
            }
            joined += anonymousJoin("10.1.1.1") instanceof Welcome ? 1 : 0;
        }

        assertThat(tried).as("of 24 wrong guesses, only those before the block are tried").isEqualTo(5);
        assertThat(joined).as("only the join before the block").isEqualTo(1);
        assertThat(login(REALM, "alice", "alice-password", "10.1.1.1")).as("the blocked address, right password")
                .isNotInstanceOf(Welcome.class);
        assertThat(login(REALM, "alice", "alice-password", "10.1.1.2")).isInstanceOf(Welcome.class);
    }

    @Test
    void aliceLoggingInDoesNotClearTheFailuresForAdmin() {
        for (int i = 0; i < 4; i++) {
            assertThat(wrongGuess(MASTER, "admin", "10.2.2.2")).isTrue();
        }
        assertThat(login(REALM, "alice", "alice-password", "10.2.2.2")).isInstanceOf(Welcome.class);

        assertThat(wrongGuess(MASTER, "admin", "10.2.2.2")).as("the fifth failure is tried").isTrue();
        assertThat(wrongGuess(MASTER, "admin", "10.2.2.2")).as("the address is blocked").isFalse();
        assertThat(login(MASTER, "admin", ADMIN_PASSWORD, "10.2.2.3")).as("from elsewhere").isInstanceOf(Welcome.class);
    }

    @Test
    void aSuccessTakesBackOnlyTheFailuresOfItsOwnIdentity() {
        r.addUser("bob", "bob-password", "wampcra", List.of());
        wrongGuess(REALM, "alice", "10.4.4.4");
        wrongGuess(REALM, "alice", "10.4.4.4");
        wrongGuess(REALM, "bob", "10.4.4.4");
        assertThat(login(REALM, "alice", "alice-password", "10.4.4.4")).as("typos, then the right password")
                .isInstanceOf(Welcome.class);

        // Alice's two failures are taken back, bob's is not: four more reach the limit of five.
        for (int i = 1; i <= 4; i++) {
            assertThat(wrongGuess(REALM, "carol", "10.4.4.4")).as("bob's failure and carol's %d", i).isTrue();
        }
        assertThat(wrongGuess(REALM, "carol", "10.4.4.4")).as("blocked after five").isFalse();
    }

    @Test
    void oneAccountGuessedFromManyAddressesIsBlockedEverywhereUntilTheBlockEnds() {
        for (int i = 1; i <= 20; i++) {
            assertThat(wrongGuess(MASTER, "admin", "10.5.0." + i)).as("guess %d from its own address", i).isTrue();
        }

        assertThat(wrongGuess(MASTER, "admin", "10.5.1.1")).as("a fresh address").isFalse();
        assertThat(abortReason(login(MASTER, "admin", ADMIN_PASSWORD, "10.5.1.2")))
                .as("the right password while the authid is blocked").isEqualTo(WampErrors.AUTHENTICATION_FAILED);
        assertThat(login(REALM, "alice", "alice-password", "10.5.0.1")).as("other accounts are not blocked")
                .isInstanceOf(Welcome.class);
        assertThat(login(MASTER, "ADMIN", ADMIN_PASSWORD, "10.5.1.3")).as("authids compare lower-cased")
                .isNotInstanceOf(Welcome.class);

        clock.advance(Duration.ofMinutes(15));
        assertThat(login(MASTER, "admin", ADMIN_PASSWORD, "10.5.1.2")).isInstanceOf(Welcome.class);
    }

    @Test
    void anAdminSuccessDoesNotClearTheFailuresOtherAddressesCaused() {
        for (int i = 1; i <= 19; i++) {
            wrongGuess(MASTER, "admin", "10.6.0." + i);
        }
        assertThat(login(MASTER, "admin", ADMIN_PASSWORD, "10.6.1.1")).isInstanceOf(Welcome.class);

        assertThat(wrongGuess(MASTER, "admin", "10.6.0.100")).as("the 20th failure").isTrue();
        assertThat(wrongGuess(MASTER, "admin", "10.6.0.101")).isFalse();
    }

    @Test
    void anIpv6HostCountsAsItsSlash64() {
        r.addSource("alice", "wampcra", "::/0");
        for (int i = 1; i <= 5; i++) {
            assertThat(wrongGuess(REALM, "alice", "2001:db8:1:2::" + i)).isTrue();
        }
        assertThat(wrongGuess(REALM, "alice", "2001:db8:1:2:ffff::1")).as("same /64").isFalse();
        assertThat(login(REALM, "alice", "alice-password", "2001:db8:1:3::1")).as("another /64")
                .isInstanceOf(Welcome.class);
    }

    @Test
    void eachBlockIsLoggedOnceWithTheAddressRealmAndAuthid() {
        for (int i = 0; i < 12; i++) {
            wrongGuess(REALM, "alice", "10.3.3.3");
        }
        assertThat(warnings()).singleElement().satisfies(w -> assertThat(w).contains("10.3.3.3")
                .contains("'" + REALM + "'").contains("'alice'").contains("blocking address").contains("5m"));

        clock.advance(Duration.ofMinutes(6));
        for (int i = 0; i < 8; i++) {
            wrongGuess(REALM, "alice", "10.3.3.3");
        }
        assertThat(warnings()).as("a second block, a second line").hasSize(2);

        logged.list.clear();
        for (int i = 1; i <= 30; i++) {
            wrongGuess(MASTER, "admin", "10.7.0." + i);
        }
        assertThat(warnings()).singleElement().satisfies(w -> assertThat(w).contains("blocking authid 'admin'")
                .contains("'" + MASTER + "'").contains("10.7.0.20").contains("15m"));
    }

    @Test
    void logLinesCannotBeForgedThroughTheAuthid() {
        for (int i = 0; i < 5; i++) {
            wrongGuess(REALM, "x\n2026-01-01 WARN fake line", "10.8.8.8");
        }
        assertThat(warnings()).singleElement().satisfies(w -> assertThat(w).doesNotContain("\n").contains("\\u000a"));
    }
}
