package io.bondy.security.authn;

import io.bondy.core.message.Authenticate;
import io.bondy.core.spi.AuthOutcome;
import io.bondy.security.crypto.Ed25519;
import io.bondy.security.crypto.Hex;
import io.bondy.security.crypto.Secrets;
import io.bondy.security.model.AuthMethods;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code cryptosign} (Ed25519), per the spec: HELLO names the client's public key in
 * {@code authextra.pubkey}; the router challenges with 32 random bytes; the client answers with the
 * signature, optionally followed by the challenge (96 bytes, hex). The key must be one of the user's
 * {@code authorized_keys}.
 *
 * <p>Channel binding ({@code tls-unique}) needs TLS, which this router does not terminate yet: a
 * request for it is answered without channel binding ({@code channel_binding: null}), as the spec
 * allows, and the client decides whether to go on.
 */
public final class CryptosignMethod implements AuthMethod {

    private final Decoy decoy;

    public CryptosignMethod(Decoy decoy) {
        this.decoy = decoy;
    }

    @Override
    public String name() {
        return AuthMethods.CRYPTOSIGN;
    }

    /** The public key the client announced, if well-formed. */
    static String pubkey(AuthContext ctx) {
        Object k = ctx.authextra().get("pubkey");
        return k instanceof String s && Hex.isHex(s, 32) ? s.toLowerCase(java.util.Locale.ROOT) : null;
    }

    @Override
    public AuthOutcome start(AuthContext ctx) {
        String pubkey = pubkey(ctx);
        if (pubkey == null || !ctx.user().hasAuthorizedKey(pubkey)) {
            return decoy.challenge(ctx, name());
        }
        byte[] challenge = Secrets.randomBytes(32);
        Map<String, Object> extra = new HashMap<>();
        extra.put("challenge", Hex.encode(challenge));
        extra.put("channel_binding", null);
        byte[] key = Hex.decode(pubkey);
        return new AuthOutcome.Challenge(name(), extra, auth -> verify(auth, key, challenge)
                ? Identities.granted(ctx, name()) : Identities.failed());
    }

    private static boolean verify(Authenticate auth, byte[] key, byte[] challenge) {
        String sig = auth.signature();
        if (!Hex.isHex(sig, 64) && !Hex.isHex(sig, 96)) {
            return false;
        }
        byte[] bytes = Hex.decode(sig);
        if (bytes.length == 96 && !Secrets.equal(Arrays.copyOfRange(bytes, 64, 96), challenge)) {
            return false;
        }
        return Ed25519.verify(key, challenge, Arrays.copyOf(bytes, 64));
    }
}
