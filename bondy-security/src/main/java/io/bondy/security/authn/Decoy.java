package io.bondy.security.authn;

import io.bondy.core.spi.AuthOutcome;
import io.bondy.security.crypto.Hex;
import io.bondy.security.crypto.Kdf;
import io.bondy.security.crypto.Secrets;
import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.PasswordPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CHALLENGE that looks like the real one and always ends in {@code authentication_failed}: sent
 * for unknown users, disabled users, users without the credential, and sources that do not allow
 * the method. An attacker cannot tell these apart from a wrong password. Salts are stable per
 * (realm, authid) within this process, as a real user's are.
 */
public final class Decoy {

    private static final byte[] KEY = Secrets.randomBytes(32);
    private final PasswordPolicy policy;

    public Decoy(PasswordPolicy policy) {
        this.policy = policy;
    }

    public AuthOutcome challenge(AuthContext ctx, String method) {
        Map<String, Object> extra = new LinkedHashMap<>();
        switch (method) {
            case AuthMethods.WAMPCRA -> extra.putAll(WampCraMethod.extra(WampCraMethod.challengeText(ctx,
                    Identities.DEFAULT_ROLE), Base64.getEncoder().encodeToString(salt(ctx)), policy.craIterations(), 32));
            case AuthMethods.CRYPTOSIGN -> {
                extra.put("challenge", Hex.encode(Secrets.randomBytes(32)));
                extra.put("channel_binding", null);
            }
            case AuthMethods.SCRAM, ScramMethod.AUTOBAHN_NAME -> extra.putAll(ScramMethod.challengeExtra(ScramMethod.clientNonce(ctx)
                    + Secrets.randomBase64(16), Base64.getEncoder().encodeToString(salt(ctx)),
                    policy.scramIterations(), policy.scramMemoryKiB()));
            default -> {
                // ticket, oauth2: the real challenge is empty too
            }
        }
        return new AuthOutcome.Challenge(method, extra, auth -> Identities.failed());
    }

    private static byte[] salt(AuthContext ctx) {
        String id = ctx.realmUri() + "\n" + ctx.authid();
        return Arrays.copyOf(Kdf.hmacSha256(KEY, id.getBytes(StandardCharsets.UTF_8)), 16);
    }
}
