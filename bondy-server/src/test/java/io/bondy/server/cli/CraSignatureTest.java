package io.bondy.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.security.model.Password;
import io.bondy.security.model.PasswordPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CraSignatureTest {

    @Test
    void signsWithTheSaltedKeyTheRouterStores() throws Exception {
        Password stored = Password.create("s3cret-pw", PasswordPolicy.DEFAULTS);
        String challenge = "{\"authid\":\"admin\",\"nonce\":\"abc\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(stored.craSigningKey(), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(challenge.getBytes(StandardCharsets.UTF_8)));

        String signature = CraSignature.sign("s3cret-pw", Map.of("challenge", challenge, "salt", stored.cra().salt(),
                "iterations", stored.cra().iterations(), "keylen", stored.cra().keylen()));

        assertThat(signature).isEqualTo(expected);
    }
}
