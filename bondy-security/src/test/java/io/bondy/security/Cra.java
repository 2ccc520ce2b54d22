package io.bondy.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.message.Welcome;
import io.bondy.security.crypto.Kdf;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The client side of WAMP-CRA, as autobahn computes it. */
final class Cra {

    private Cra() {
    }

    /** {@code base64(HMAC(base64(PBKDF2(password, salt)), challenge))}. */
    static String sign(String password, Map<String, Object> extra) {
        String salt = (String) extra.get("salt");
        int iterations = ((Number) extra.get("iterations")).intValue();
        int keylen = ((Number) extra.get("keylen")).intValue();
        byte[] derived = Kdf.pbkdf2Sha256(password, salt.getBytes(StandardCharsets.UTF_8), iterations, keylen);
        byte[] key = Base64.getEncoder().encode(derived);
        byte[] challenge = ((String) extra.get("challenge")).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(Kdf.hmacSha256(key, challenge));
    }

    static SecureRouter.Client join(SecureRouter r, String realm, String authid, String password, String ip) {
        SecureRouter.Client c = r.connect(ip);
        Map<String, Object> extra = SecureRouter.Client.challengeExtra(
                c.hello(SecureRouter.hello(realm, List.of("wampcra"), authid, Map.of())), "wampcra");
        assertThat(c.authenticate(sign(password, extra))).isInstanceOf(Welcome.class);
        return c;
    }
}
