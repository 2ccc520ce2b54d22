package io.bondy.security.authn;

import io.bondy.core.spi.AuthIdentity;
import io.bondy.core.spi.AuthOutcome;
import io.bondy.security.crypto.Kdf;
import io.bondy.security.crypto.Secrets;
import io.bondy.security.model.AuthMethods;
import io.bondy.security.model.Password;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code wamp-scram} (RFC 5802 over WAMP, per the spec) with an Argon2id KDF. The client sends its
 * nonce in {@code authextra.nonce}; CHALLENGE carries the combined nonce, salt, KDF, iterations and
 * memory; the client proves knowledge of the password with {@code ClientProof}; WELCOME carries
 * {@code authextra.scram_server_signature} so the client can check the router too. The router keeps
 * only StoredKey and ServerKey.
 *
 * <p>Interop note: the KDF is announced as {@code argon2id-13} and the SaltedPassword is the
 * unpadded base64 text of the Argon2id hash, which is what autobahn and Crossbar implement (the
 * spec's text names the KDF {@code argon2id13}). No channel binding (no TLS yet): {@code c=} is empty.
 */
public final class ScramMethod implements AuthMethod {

    /** The name autobahn-python offers and expects in CHALLENGE for WAMP-SCRAM. */
    public static final String AUTOBAHN_NAME = "scram";

    private final Decoy decoy;
    private final String name;

    /** @param name {@code wamp-scram} (the spec's name) or {@code scram} (autobahn-python's) */
    public ScramMethod(Decoy decoy, String name) {
        this.decoy = decoy;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    static String clientNonce(AuthContext ctx) {
        return ctx.authextra().get("nonce") instanceof String s ? s : "";
    }

    static Map<String, Object> challengeExtra(String nonce, String salt, int iterations, int memory) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("nonce", nonce);
        extra.put("kdf", Password.SCRAM_KDF);
        extra.put("salt", salt);
        extra.put("iterations", iterations);
        extra.put("memory", memory);
        return extra;
    }

    @Override
    public AuthOutcome start(AuthContext ctx) {
        Password pw = ctx.user().password();
        String clientNonce = clientNonce(ctx);
        if (pw == null || clientNonce.isEmpty() || ctx.authid() == null) {
            return decoy.challenge(ctx, name());
        }
        Password.Scram s = pw.scram();
        String nonce = clientNonce + Secrets.randomBase64(16);
        String authMessage = "n=" + ctx.authid() + ",r=" + clientNonce
                + ",r=" + nonce + ",s=" + s.salt() + ",i=" + s.iterations()
                + ",c=,r=" + nonce;
        byte[] message = authMessage.getBytes(StandardCharsets.UTF_8);
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] storedKey = b64.decode(s.storedKey());
        byte[] serverKey = b64.decode(s.serverKey());
        return new AuthOutcome.Challenge(name(), challengeExtra(nonce, s.salt(), s.iterations(), s.memory()), auth -> {
            byte[] proof;
            try {
                proof = b64.decode(auth.signature());
            } catch (IllegalArgumentException e) {
                return Identities.failed();
            }
            byte[] clientSignature = Kdf.hmacSha256(storedKey, message);
            if (proof.length != clientSignature.length) {
                return Identities.failed();
            }
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            if (!Secrets.equal(Kdf.sha256(clientKey), storedKey)) {
                return Identities.failed();
            }
            String serverSignature = Base64.getEncoder().encodeToString(Kdf.hmacSha256(serverKey, message));
            AuthIdentity id = Identities.of(ctx, name(), Map.of("scram_server_signature", serverSignature));
            return new AuthOutcome.Granted(id);
        });
    }
}
