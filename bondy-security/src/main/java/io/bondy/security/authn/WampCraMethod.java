package io.bondy.security.authn;

import io.bondy.core.spi.AuthOutcome;
import io.bondy.security.crypto.Kdf;
import io.bondy.security.crypto.Secrets;
import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.Password;
import io.bondy.security.store.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code wampcra} with salted passwords, per the spec: CHALLENGE carries a JSON challenge string and
 * the PBKDF2 salt, iterations and key length; the client answers
 * {@code base64(HMAC-SHA256(derive_key(password, salt, iterations, keylen), challenge))}.
 */
public final class WampCraMethod implements AuthMethod {

    private final Decoy decoy;

    public WampCraMethod(Decoy decoy) {
        this.decoy = decoy;
    }

    @Override
    public String name() {
        return AuthMethods.WAMPCRA;
    }

    @Override
    public AuthOutcome start(AuthContext ctx) {
        Password pw = ctx.user().password();
        if (pw == null) {
            return decoy.challenge(ctx, name());
        }
        String challenge = challengeText(ctx, Identities.of(ctx, name(), Map.of()).authrole());
        Map<String, Object> extra = extra(challenge, pw.cra().salt(), pw.cra().iterations(), pw.cra().keylen());
        byte[] expected = Base64.getEncoder().encode(
                Kdf.hmacSha256(pw.craSigningKey(), challenge.getBytes(StandardCharsets.UTF_8)));
        return new AuthOutcome.Challenge(name(), extra, auth -> Secrets.equal(expected,
                auth.signature().getBytes(StandardCharsets.US_ASCII))
                ? Identities.granted(ctx, name()) : Identities.failed());
    }

    static String challengeText(AuthContext ctx, String authrole) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("authid", ctx.user() == null ? ctx.authid() : ctx.user().username());
        c.put("authrole", authrole);
        c.put("authmethod", AuthMethods.WAMPCRA);
        c.put("authprovider", Identities.PROVIDER);
        c.put("nonce", Secrets.randomBase64(24));
        c.put("timestamp", Instant.now().toString());
        c.put("session", ctx.sessionId());
        return Json.writeString(c);
    }

    static Map<String, Object> extra(String challenge, String salt, int iterations, int keylen) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("challenge", challenge);
        extra.put("salt", salt);
        extra.put("iterations", iterations);
        extra.put("keylen", keylen);
        return extra;
    }
}
