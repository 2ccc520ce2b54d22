package io.bondy.security;

import static io.bondy.security.SecureRouter.Client.abortReason;
import static io.bondy.security.SecureRouter.Client.challengeExtra;
import static io.bondy.security.SecureRouter.REALM;
import static io.bondy.security.SecureRouter.hello;
import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.Abort;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import io.bondy.security.crypto.Hex;
import io.bondy.security.crypto.Kdf;
import io.bondy.security.model.Password;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every auth method from HELLO to WELCOME or ABORT, with good and bad credentials. */
@Timeout(30)
class AuthenticationTest {

    private final SecureRouter r = new SecureRouter();

    private WampMessage craAttempt(String authid, String password, String ip) {
        SecureRouter.Client c = r.connect(ip);
        Map<String, Object> extra = challengeExtra(c.hello(hello(REALM, List.of("wampcra"), authid, Map.of())), "wampcra");
        return c.authenticate(Cra.sign(password, extra));
    }

    @Test
    void wampcraAdmitsTheRightPasswordAndAnnouncesTheIdentity() {
        r.addUser("alice", "alice-password", "password", List.of());
        WampMessage m = craAttempt("alice", "alice-password", "10.0.0.1");
        assertThat(m).isInstanceOf(Welcome.class);
        Map<String, Object> details = ((Welcome) m).details();
        assertThat(details).containsEntry("authid", "alice").containsEntry("authmethod", "wampcra")
                .containsEntry("authprovider", "bondy").containsEntry("authrole", "user");
    }

    @Test
    void wrongPasswordUnknownUserDisabledUserAndWrongNetworkAllFailTheSameWay() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.admin.callOk("bondy.user.add", REALM, Map.of("username", "bob", "password", "bob-password"));
        r.addSource("bob", "wampcra", "192.168.0.0/16");
        r.admin.callOk("bondy.user.add", REALM, Map.of("username", "carol", "password", "carol-password"));
        r.addSource("carol", "wampcra", "0.0.0.0/0");
        r.admin.callOk("bondy.user.disable", REALM, "carol");

        assertThat(abortReason(craAttempt("alice", "wrong-password", "10.0.0.1"))).isEqualTo(WampErrors.AUTHENTICATION_FAILED);
        assertThat(abortReason(craAttempt("nobody", "whatever-pw", "10.0.0.1"))).isEqualTo(WampErrors.AUTHENTICATION_FAILED);
        assertThat(abortReason(craAttempt("bob", "bob-password", "10.0.0.1"))).isEqualTo(WampErrors.AUTHENTICATION_FAILED);
        assertThat(abortReason(craAttempt("carol", "carol-password", "10.0.0.1"))).isEqualTo(WampErrors.AUTHENTICATION_FAILED);
        assertThat(craAttempt("bob", "bob-password", "192.168.1.7")).isInstanceOf(Welcome.class);
    }

    @Test
    void anUnknownUserGetsAChallengeShapedLikeARealOne() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        Map<String, Object> real = challengeExtra(r.connect("10.0.0.1").hello(hello(REALM, List.of("wampcra"), "alice",
                Map.of())), "wampcra");
        Map<String, Object> decoy = challengeExtra(r.connect("10.0.0.1").hello(hello(REALM, List.of("wampcra"), "nobody",
                Map.of())), "wampcra");
        assertThat(decoy.keySet()).isEqualTo(real.keySet());
        assertThat(((String) decoy.get("salt")).length()).isEqualTo(((String) real.get("salt")).length());
    }

    @Test
    void aliasesAuthenticateAsTheirUser() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.admin.callOk("bondy.user.add_alias", REALM, "alice", "ally");
        WampMessage m = craAttempt("ally", "alice-password", "10.0.0.1");
        assertThat(((Welcome) m).details()).containsEntry("authid", "alice");
    }

    @Test
    void anonymousNeedsASourceWhenSecurityIsEnforced() {
        SecureRouter.Client c = r.connect("10.0.0.1");
        assertThat(abortReason(c.hello(hello(REALM, List.of("anonymous"), null, Map.of()))))
                .isEqualTo(WampErrors.AUTHENTICATION_FAILED);
        r.addSource("anonymous", "anonymous", "10.0.0.0/8");
        WampMessage m = r.connect("10.0.0.1").hello(hello(REALM, List.of("anonymous"), null, Map.of()));
        assertThat(((Welcome) m).details()).containsEntry("authrole", "anonymous").containsEntry("authmethod", "anonymous");
    }

    @Test
    void trustAdmitsAUserFromATrustedNetworkOnly() {
        r.admin.callOk("bondy.user.add", REALM, Map.of("username", "svc"));
        r.addSource("svc", "trust", "127.0.0.0/8");
        assertThat(r.connect("127.0.0.1").hello(hello(REALM, List.of("trust"), "svc", Map.of()))).isInstanceOf(Welcome.class);
        assertThat(abortReason(r.connect("10.0.0.1").hello(hello(REALM, List.of("trust"), "svc", Map.of()))))
                .isEqualTo(WampErrors.AUTHENTICATION_FAILED);
    }

    @Test
    void noOfferedMethodAllowedByTheRealmIsRefusedAsSuch() {
        assertThat(abortReason(r.connect("10.0.0.1").hello(hello(REALM, List.of("kerberos"), "x", Map.of()))))
                .isEqualTo(WampErrors.NO_MATCHING_AUTH_METHOD);
    }

    @Test
    void cryptosignAdmitsTheHolderOfAnAuthorizedKey() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] encoded = keys.getPublic().getEncoded();
        String pub = Hex.encode(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
        r.admin.callOk("bondy.user.add", REALM, Map.of("username", "device", "authorized_keys", List.of(pub)));
        r.addSource("device", "cryptosign", "0.0.0.0/0");

        SecureRouter.Client c = r.connect("10.0.0.1");
        Map<String, Object> extra = challengeExtra(c.hello(hello(REALM, List.of("cryptosign"), "device",
                Map.of("pubkey", pub))), "cryptosign");
        byte[] challenge = Hex.decode((String) extra.get("challenge"));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(challenge);
        String signature = Hex.encode(signer.sign()) + Hex.encode(challenge);
        assertThat(((Welcome) c.authenticate(signature)).details()).containsEntry("authid", "device");

        SecureRouter.Client forger = r.connect("10.0.0.1");
        challengeExtra(forger.hello(hello(REALM, List.of("cryptosign"), null, Map.of("pubkey", pub))), "cryptosign");
        assertThat(abortReason(forger.authenticate("00".repeat(96)))).isEqualTo(WampErrors.AUTHENTICATION_FAILED);
    }

    @Test
    void adminWithConfiguredKeysLogsInToTheMasterRealmByCryptosign() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] encoded = keys.getPublic().getEncoded();
        String pub = Hex.encode(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
        io.bondy.core.store.MemoryStore store = new io.bondy.core.store.MemoryStore("test");
        new SecurityModule(store, SecureRouter.SETTINGS, java.time.Clock.systemUTC())
                .bootstrap(SecureRouter.ADMIN_PASSWORD, List.of(pub), null);
        SecureRouter node = new SecureRouter(store);

        SecureRouter.Client c = node.connect("10.0.0.9");
        Map<String, Object> extra = challengeExtra(c.hello(hello(SecureRouter.MASTER, List.of("cryptosign"), "admin",
                Map.of("pubkey", pub))), "cryptosign");
        byte[] challenge = Hex.decode((String) extra.get("challenge"));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(challenge);
        Welcome welcome = (Welcome) c.authenticate(Hex.encode(signer.sign()) + Hex.encode(challenge));
        assertThat(welcome.details()).containsEntry("authid", "admin").containsEntry("authmethod", "cryptosign");
    }

    @Test
    void ticketsIssuedToAPasswordSessionAuthenticateUntilRevoked() {
        r.addUser("alice", "alice-password", "wampcra", List.of());
        r.addSource("alice", "ticket", "0.0.0.0/0");
        r.grant("alice", List.of("wamp.call"), "bondy.ticket.", "prefix");
        r.grant("alice", List.of("bondy.issue"), "bondy.ticket.scope.local", "exact");
        SecureRouter.Client alice = Cra.join(r, REALM, "alice", "alice-password", "10.0.0.1");
        @SuppressWarnings("unchecked")
        String ticket = (String) ((Map<String, Object>) alice.callOk("bondy.ticket.issue")).get("ticket");

        SecureRouter.Client t = r.connect("10.0.0.1");
        challengeExtra(t.hello(hello(REALM, List.of("ticket"), "alice", Map.of())), "ticket");
        assertThat(((Welcome) t.authenticate(ticket)).details()).containsEntry("authmethod", "ticket");
        assertThat(t.callError("bondy.ticket.issue")).as("a ticket session cannot issue tickets")
                .isEqualTo(WampErrors.NOT_AUTHORIZED);

        alice.callOk("bondy.ticket.revoke", REALM, ticket);
        SecureRouter.Client after = r.connect("10.0.0.1");
        after.hello(hello(REALM, List.of("ticket"), "alice", Map.of()));
        assertThat(abortReason(after.authenticate(ticket))).isEqualTo(WampErrors.AUTHENTICATION_FAILED);
    }

    @Test
    void aTicketStopsWorkingWhenItExpires() {
        MutableClock clock = new MutableClock();
        SecureRouter t = new SecureRouter(SecureRouter.SETTINGS, clock);
        t.addUser("alice", "alice-password", "ticket", List.of());
        String ticket = t.security.tickets().issue("ticket", REALM, "alice", "test", 60, Map.of());
        SecureRouter.Client c = t.connect("10.0.0.1");
        c.hello(hello(REALM, List.of("ticket"), "alice", Map.of()));
        assertThat(c.authenticate(ticket)).isInstanceOf(Welcome.class);
        clock.advance(java.time.Duration.ofSeconds(61));
        SecureRouter.Client d = t.connect("10.0.0.1");
        d.hello(hello(REALM, List.of("ticket"), "alice", Map.of()));
        assertThat(abortReason(d.authenticate(ticket))).isEqualTo(WampErrors.AUTHENTICATION_FAILED);
    }

    @Test
    void forgedTicketsAndTicketsOfOtherUsersAreRefused() {
        r.addUser("alice", "alice-password", "ticket", List.of());
        String valid = r.security.tickets().issue("ticket", REALM, "alice", "test", 60, Map.of());
        String tampered = valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA");
        String other = r.security.tickets().issue("ticket", REALM, "admin", "test", 3600, Map.of());
        SecureRouter.Client c = r.connect("10.0.0.1");
        c.hello(hello(REALM, List.of("ticket"), "alice", Map.of()));
        assertThat(abortReason(c.authenticate(tampered))).isEqualTo(WampErrors.AUTHENTICATION_FAILED);
        SecureRouter.Client d = r.connect("10.0.0.1");
        d.hello(hello(REALM, List.of("ticket"), "alice", Map.of()));
        assertThat(abortReason(d.authenticate(other))).as("a ticket of another user").isEqualTo(WampErrors.AUTHENTICATION_FAILED);
    }

    @Test
    void scramAdmitsTheRightPasswordAndProvesTheServer() {
        r.addUser("alice", "alice-password", "password", List.of());
        SecureRouter.Client c = r.connect("10.0.0.1");
        String clientNonce = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> extra = challengeExtra(c.hello(hello(REALM, List.of("wamp-scram"), "alice",
                Map.of("nonce", clientNonce))), "wamp-scram");
        String nonce = (String) extra.get("nonce");
        assertThat(nonce).startsWith(clientNonce);
        byte[] salted = Password.scramSaltedPassword("alice-password", Base64.getDecoder().decode((String) extra.get("salt")),
                ((Number) extra.get("iterations")).intValue(), ((Number) extra.get("memory")).intValue());
        String authMessage = "n=alice,r=" + clientNonce + ",r=" + nonce + ",s=" + extra.get("salt") + ",i="
                + extra.get("iterations") + ",c=,r=" + nonce;
        byte[] clientKey = Kdf.hmacSha256(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] signature = Kdf.hmacSha256(Kdf.sha256(clientKey), authMessage.getBytes(StandardCharsets.UTF_8));
        byte[] proof = new byte[32];
        for (int i = 0; i < 32; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        Welcome w = (Welcome) c.authenticate(Base64.getEncoder().encodeToString(proof));
        byte[] serverKey = Kdf.hmacSha256(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        @SuppressWarnings("unchecked")
        Map<String, Object> authextra = (Map<String, Object>) w.details().get("authextra");
        assertThat(authextra.get("scram_server_signature")).isEqualTo(Base64.getEncoder().encodeToString(
                Kdf.hmacSha256(serverKey, authMessage.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void oauth2AcceptsAnAccessTokenTheRouterIssued() {
        r.addUser("alice", null, "oauth2", List.of());
        String token = r.security.tickets().issue("oauth2", REALM, "alice", "gateway", 600, Map.of());
        SecureRouter.Client c = r.connect("10.0.0.1");
        challengeExtra(c.hello(hello(REALM, List.of("oauth2"), "alice", Map.of())), "oauth2");
        assertThat(((Welcome) c.authenticate(token)).details()).containsEntry("authmethod", "oauth2");
    }

    @Test
    void repeatedFailuresFromOneAddressAreThrottled() {
        SecureRouter t = new SecureRouter(SecureRouter.SETTINGS.withThrottle(3, java.time.Duration.ofMinutes(1),
                java.time.Duration.ofMinutes(5)), java.time.Clock.systemUTC());
        t.addUser("alice", "alice-password", "wampcra", List.of());
        for (int i = 0; i < 3; i++) {
            SecureRouter.Client c = t.connect("10.9.9.9");
            Map<String, Object> extra = challengeExtra(c.hello(hello(REALM, List.of("wampcra"), "alice", Map.of())), "wampcra");
            c.authenticate(Cra.sign("wrong-password", extra));
        }
        WampMessage blocked = t.connect("10.9.9.9").hello(hello(REALM, List.of("wampcra"), "alice", Map.of()));
        assertThat(blocked).isInstanceOf(Abort.class);
        SecureRouter.Client other = t.connect("10.9.9.10");
        Map<String, Object> extra = challengeExtra(other.hello(hello(REALM, List.of("wampcra"), "alice", Map.of())), "wampcra");
        assertThat(other.authenticate(Cra.sign("alice-password", extra))).isInstanceOf(Welcome.class);
    }
}
