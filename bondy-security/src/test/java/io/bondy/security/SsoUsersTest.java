package io.bondy.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.WampErrors;
import io.bondy.core.message.WampMessage;
import io.bondy.core.message.Welcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bondy's Same Sign-On users: {@code bondy.user.add} with {@code sso_realm_uri} keeps the credentials
 * in the SSO realm and a local record that refers to them; a second realm only links; the same
 * password logs in to both, through real sessions of the router.
 */
@Timeout(30)
class SsoUsersTest {

    static final String SSO = "com.example.sso";
    static final String ONE = "com.example.one";
    static final String TWO = "com.example.two";
    static final String OTHER_SSO = "com.example.sso2";

    private final SecureRouter r = new SecureRouter();

    @BeforeEach
    void realms() {
        r.admin.callOk("bondy.realm.create", Map.of("uri", SSO, "is_sso_realm", true, "allow_connections", false));
        r.admin.callOk("bondy.realm.create", Map.of("uri", OTHER_SSO, "is_sso_realm", true));
        for (String app : List.of(ONE, TWO)) {
            r.admin.callOk("bondy.realm.create", Map.of("uri", app, "sso_realm_uri", SSO,
                    "authmethods", List.of("wampcra", "wamp-scram", "ticket"),
                    "sources", List.of(Map.of("usernames", "all", "authmethod", "password", "cidr", "0.0.0.0/0"),
                            Map.of("usernames", "all", "authmethod", "ticket", "cidr", "0.0.0.0/0"))));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aUserAddedWithAnSsoRealmLogsInToEveryRealmItIsLinkedToWithOnePassword() {
        Map<String, Object> added = (Map<String, Object>) r.admin.callOk("bondy.user.add", ONE,
                Map.of("username", "carol", "password", "carol-password", "sso_realm_uri", SSO));
        assertThat(added).containsEntry("username", "carol").containsEntry("sso_realm_uri", SSO)
                .containsEntry("has_password", true);
        r.admin.callOk("bondy.user.add", TWO, Map.of("username", "carol", "sso_realm_uri", SSO));

        assertThat(Cra.join(r, ONE, "carol", "carol-password", "10.0.0.1")).isNotNull();
        assertThat(Cra.join(r, TWO, "carol", "carol-password", "10.0.0.2")).isNotNull();
        assertThat(scram(TWO, "carol", "carol-password")).as("WAMP-SCRAM with the SSO credentials")
                .isInstanceOf(Welcome.class);
        assertThat(scram(ONE, "carol", "not-carols-password")).isNotInstanceOf(Welcome.class);

        Map<String, Object> inSso = (Map<String, Object>) r.admin.callOk("bondy.user.get", SSO, "carol");
        assertThat(inSso).as("the credentials live in the SSO realm").containsEntry("has_password", true)
                .containsEntry("sso_realm_uri", null);
        List<Map<String, Object>> listed = (List<Map<String, Object>>) r.admin.callOk("bondy.user.list", TWO);
        assertThat(listed).singleElement().satisfies(u -> assertThat(u).containsEntry("sso_realm_uri", SSO)
                .containsEntry("has_password", true));
        io.bondy.security.store.SecurityStore stored = new io.bondy.security.store.SecurityStore(r.store);
        assertThat(stored.user(TWO, "carol").orElseThrow().password()).as("the local record keeps no credentials")
                .isNull();
        assertThat(stored.user(ONE, "carol").orElseThrow().password()).isNull();
        assertThat(stored.user(SSO, "carol").orElseThrow().password()).isNotNull();
    }

    @Test
    void aPasswordChangedInOneRealmChangesItInEveryLinkedRealm() {
        r.admin.callOk("bondy.user.add", ONE, Map.of("username", "carol", "password", "carol-password",
                "sso_realm_uri", SSO));
        r.admin.callOk("bondy.user.add", TWO, Map.of("username", "carol", "sso_realm_uri", SSO));

        r.admin.callOk("bondy.user.change_password", TWO, "carol", "carol-new-password", "carol-password");

        assertThat(Cra.join(r, ONE, "carol", "carol-new-password", "10.0.0.1")).isNotNull();
        assertThat(SecureRouter.Client.abortReason(craAttempt(ONE, "carol", "carol-password")))
                .isEqualTo(WampErrors.AUTHENTICATION_FAILED);
        r.admin.callOk("bondy.user.update", ONE, "carol", Map.of("password", "carol-third-password"));
        assertThat(Cra.join(r, TWO, "carol", "carol-third-password", "10.0.0.2")).isNotNull();
    }

    @Test
    void disablingTheSsoRecordLocksEveryRealmDisablingALocalOneOnlyThatRealm() {
        r.admin.callOk("bondy.user.add", ONE, Map.of("username", "carol", "password", "carol-password",
                "sso_realm_uri", SSO));
        r.admin.callOk("bondy.user.add", TWO, Map.of("username", "carol", "sso_realm_uri", SSO));

        r.admin.callOk("bondy.user.disable", ONE, "carol");
        assertThat(SecureRouter.Client.abortReason(craAttempt(ONE, "carol", "carol-password")))
                .isEqualTo(WampErrors.AUTHENTICATION_FAILED);
        assertThat(Cra.join(r, TWO, "carol", "carol-password", "10.0.0.2")).isNotNull();

        r.admin.callOk("bondy.user.enable", ONE, "carol");
        r.admin.callOk("bondy.user.disable", SSO, "carol");
        assertThat(SecureRouter.Client.abortReason(craAttempt(TWO, "carol", "carol-password")))
                .isEqualTo(WampErrors.AUTHENTICATION_FAILED);
    }

    @Test
    void theSsoRealmMustBeTheOneTheRealmNamesAndAUsernameIsAddedOnce() {
        assertThat(r.admin.callError("bondy.user.add", ONE, Map.of("username", "dave", "password", "dave-password",
                "sso_realm_uri", OTHER_SSO))).isEqualTo("bondy.error.invalid_sso_realm");
        assertThat(r.admin.callError("bondy.user.add", SecureRouter.REALM, Map.of("username", "dave",
                "password", "dave-password", "sso_realm_uri", SSO))).as("a realm naming no SSO realm")
                .isEqualTo("bondy.error.invalid_sso_realm");
        r.admin.callOk("bondy.user.add", ONE, Map.of("username", "dave", "password", "dave-password",
                "sso_realm_uri", SSO));
        assertThat(r.admin.callError("bondy.user.add", ONE, Map.of("username", "dave", "sso_realm_uri", SSO)))
                .isEqualTo("bondy.error.already_exists");
        assertThat(r.admin.callError("bondy.user.update", ONE, "dave", Map.of("sso_realm_uri", OTHER_SSO)))
                .isEqualTo("bondy.error.invalid_data");
    }

    /** A WAMP-SCRAM login (Argon2id, as autobahn computes it); returns WELCOME or ABORT. */
    private WampMessage scram(String realm, String authid, String password) {
        SecureRouter.Client c = r.connect("10.0.0.8");
        String clientNonce = java.util.Base64.getEncoder().encodeToString("fedcba9876543210".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        Map<String, Object> extra = SecureRouter.Client.challengeExtra(c.hello(SecureRouter.hello(realm,
                List.of("wamp-scram"), authid, Map.of("nonce", clientNonce))), "wamp-scram");
        String nonce = (String) extra.get("nonce");
        byte[] salted = io.bondy.security.model.Password.scramSaltedPassword(password,
                java.util.Base64.getDecoder().decode((String) extra.get("salt")),
                ((Number) extra.get("iterations")).intValue(), ((Number) extra.get("memory")).intValue());
        String authMessage = "n=" + authid + ",r=" + clientNonce + ",r=" + nonce + ",s=" + extra.get("salt") + ",i="
                + extra.get("iterations") + ",c=,r=" + nonce;
        byte[] clientKey = io.bondy.security.crypto.Kdf.hmacSha256(salted,
                "Client Key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] signature = io.bondy.security.crypto.Kdf.hmacSha256(io.bondy.security.crypto.Kdf.sha256(clientKey),
                authMessage.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] proof = new byte[32];
        for (int i = 0; i < 32; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        return c.authenticate(java.util.Base64.getEncoder().encodeToString(proof));
    }

    private WampMessage craAttempt(String realm, String authid, String password) {
        SecureRouter.Client c = r.connect("10.0.0.9");
        Map<String, Object> extra = SecureRouter.Client.challengeExtra(
                c.hello(SecureRouter.hello(realm, List.of("wampcra"), authid, Map.of())), "wampcra");
        WampMessage m = c.authenticate(Cra.sign(password, extra));
        assertThat(m).isNotInstanceOf(Welcome.class);
        return m;
    }
}
