package io.bondy.server.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of WAMP-CRA: with a salt in the CHALLENGE, the key is
 * {@code base64(PBKDF2-HMAC-SHA256(password, salt, iterations, keylen))}; the signature is
 * {@code base64(HMAC-SHA256(key, challenge))}.
 */
final class CraSignature {

    private CraSignature() {
    }

    static String sign(String password, Map<String, Object> extra) {
        if (!(extra.get("challenge") instanceof String challenge)) {
            throw new ConnectException("the wampcra CHALLENGE has no challenge string", null);
        }
        try {
            byte[] key = password.getBytes(StandardCharsets.UTF_8);
            if (extra.get("salt") instanceof String salt) {
                int iterations = extra.get("iterations") instanceof Number n ? n.intValue() : 1000;
                int keylen = extra.get("keylen") instanceof Number n ? n.intValue() : 32;
                PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8),
                        iterations, keylen * 8);
                byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                key = Base64.getEncoder().encode(derived);
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(challenge.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new ConnectException("cannot answer the wampcra challenge: " + e.getMessage(), e);
        }
    }
}
