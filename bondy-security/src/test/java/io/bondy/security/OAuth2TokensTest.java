package io.bondy.security;

import static io.bondy.security.SecureRouter.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Abort;
import io.bondy.core.message.Welcome;
import io.bondy.security.authn.OAuth2Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OAuth2 access and refresh tokens: lifetimes, rotation, client binding, and the {@code oauth2} WAMP method. */
@Timeout(30)
class OAuth2TokensTest {

    private static final Duration ACCESS = Duration.ofMinutes(15);
    private static final Duration REFRESH = Duration.ofHours(12);

    private final MutableClock clock = new MutableClock();
    private final SecureRouter r = new SecureRouter(SecureRouter.SETTINGS, clock);
    private final OAuth2Tokens tokens = r.security.oauth2();

    OAuth2TokensTest() {
        r.addUser("alice", "alice-password", "oauth2", List.of());
    }

    @Test
    void anAccessTokenOpensAWampSessionUntilItExpires() {
        OAuth2Tokens.Issued t = tokens.issue(REALM, "alice", null, ACCESS, REFRESH);
        assertThat(t.expiresIn()).isEqualTo(ACCESS.toSeconds());
        assertThat(join("alice", t.accessToken())).isInstanceOf(Welcome.class);

        clock.advance(ACCESS.plusSeconds(1));
        assertThat(join("alice", t.accessToken())).as("expired").isInstanceOf(Abort.class);
    }

    @Test
    void lifetimesAreCappedByTheTicketMaximum() {
        OAuth2Tokens.Issued t = tokens.issue(REALM, "alice", null, Duration.ofDays(400), REFRESH);
        assertThat(t.expiresIn()).isEqualTo(SecureRouter.SETTINGS.ticketMaxExpiry().toSeconds());
    }

    @Test
    void aRefreshRotatesTheRefreshTokenAndOutlivesTheAccessToken() {
        OAuth2Tokens.Issued first = tokens.issue(REALM, "alice", null, ACCESS, REFRESH);
        clock.advance(ACCESS.plusSeconds(1));
        OAuth2Tokens.Issued second = tokens.refresh(REALM, first.refreshToken(), null, ACCESS, REFRESH).orElseThrow();
        assertThat(join("alice", second.accessToken())).isInstanceOf(Welcome.class);
        assertThat(tokens.refresh(REALM, first.refreshToken(), null, ACCESS, REFRESH)).as("used once").isEmpty();

        clock.advance(REFRESH.plusSeconds(1));
        assertThat(tokens.refresh(REALM, second.refreshToken(), null, ACCESS, REFRESH)).as("expired").isEmpty();
    }

    @Test
    void aRefreshTokenIsNoWampCredentialAndAnAccessTokenNoRefreshToken() {
        OAuth2Tokens.Issued t = tokens.issue(REALM, "alice", null, ACCESS, REFRESH);
        assertThat(join("alice", t.refreshToken())).isInstanceOf(Abort.class);
        assertThat(tokens.refresh(REALM, t.accessToken(), null, ACCESS, REFRESH)).isEmpty();
    }

    @Test
    void aRefreshTokenIsBoundToItsClientAndToAnEnabledUser() {
        OAuth2Tokens.Issued viaClient = tokens.issue(REALM, "alice", "app-client", ACCESS, REFRESH);
        assertThat(tokens.refresh(REALM, viaClient.refreshToken(), null, ACCESS, REFRESH)).isEmpty();
        assertThat(tokens.refresh(REALM, viaClient.refreshToken(), "other-client", ACCESS, REFRESH)).isEmpty();
        assertThat(tokens.refresh(REALM, viaClient.refreshToken(), "app-client", ACCESS, REFRESH)).isPresent();

        OAuth2Tokens.Issued t = tokens.issue(REALM, "alice", null, ACCESS, REFRESH);
        r.admin.callOk("bondy.user.disable", REALM, "alice");
        assertThat(tokens.refresh(REALM, t.refreshToken(), null, ACCESS, REFRESH)).isEmpty();
    }

    @Test
    void revokingEitherTokenEndsIt() {
        OAuth2Tokens.Issued t = tokens.issue(REALM, "alice", null, ACCESS, REFRESH);
        assertThat(tokens.revoke(REALM, t.accessToken())).isTrue();
        assertThat(join("alice", t.accessToken())).isInstanceOf(Abort.class);
        assertThat(tokens.revoke(REALM, t.refreshToken())).isTrue();
        assertThat(tokens.refresh(REALM, t.refreshToken(), null, ACCESS, REFRESH)).isEmpty();
        assertThat(tokens.revoke(REALM, "not-a-token")).isFalse();
    }

    private io.bondy.core.message.WampMessage join(String authid, String token) {
        SecureRouter.Client c = r.connect("10.0.0.9");
        io.bondy.core.message.WampMessage first = c.hello(SecureRouter.hello(REALM, List.of("oauth2"), authid, Map.of()));
        return first instanceof Abort ? first : c.authenticate(token);
    }
}
