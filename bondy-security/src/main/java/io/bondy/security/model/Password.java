package io.bondy.security.model;

import io.bondy.security.crypto.Kdf;
import io.bondy.security.crypto.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's password, never in clear: the salted WAMP-CRA key (PBKDF2-HMAC-SHA256) and the WAMP-SCRAM
 * verifiers (StoredKey, ServerKey from an Argon2id salted password). Both are derived when the
 * password is set; neither lets the server recover the password.
 */
public record Password(Cra cra, Scram scram) {

    /** The WAMP-CRA salted key: {@code base64(PBKDF2(password, salt, iterations, keylen))}. */
    public record Cra(String salt, int iterations, int keylen, String key) {
    }

    /**
     * The WAMP-SCRAM verifiers.
     *
     * @param kdf        {@code argon2id-13} (the name autobahn and Crossbar use)
     * @param salt       base64 salt
     * @param storedKey  base64 {@code SHA256(HMAC(SaltedPassword, "Client Key"))}
     * @param serverKey  base64 {@code HMAC(SaltedPassword, "Server Key")}
     */
    public record Scram(String kdf, String salt, int iterations, int memory, String storedKey, String serverKey) {
    }

    public static final String SCRAM_KDF = "argon2id-13";

    /** Derives both credentials from {@code clear}; the clear text is not kept. */
    public static Password create(String clear, PasswordPolicy policy) {
        if (clear == null || clear.length() < policy.minLength()) {
            throw new SecurityError(SecurityError.INVALID_DATA,
                    "password must have at least " + policy.minLength() + " characters");
        }
        String craSalt = Secrets.randomBase64(16);
        byte[] craKey = Kdf.pbkdf2Sha256(clear, craSalt.getBytes(StandardCharsets.UTF_8), policy.craIterations(), 32);
        Cra cra = new Cra(craSalt, policy.craIterations(), 32, Base64.getEncoder().encodeToString(craKey));
        byte[] scramSalt = Secrets.randomBytes(16);
        byte[] salted = scramSaltedPassword(clear, scramSalt, policy.scramIterations(), policy.scramMemoryKiB());
        byte[] clientKey = Kdf.hmacSha256(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = Kdf.hmacSha256(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        Base64.Encoder b64 = Base64.getEncoder();
        Scram scram = new Scram(SCRAM_KDF, b64.encodeToString(scramSalt), policy.scramIterations(),
                policy.scramMemoryKiB(), b64.encodeToString(Kdf.sha256(clientKey)), b64.encodeToString(serverKey));
        return new Password(cra, scram);
    }

    /**
     * The SCRAM SaltedPassword as autobahn and Crossbar compute it: the Argon2id hash, in the
     * unpadded base64 of its PHC string, used as bytes.
     */
    public static byte[] scramSaltedPassword(String clear, byte[] salt, int iterations, int memoryKiB) {
        byte[] raw = Kdf.argon2id(clear, salt, iterations, memoryKiB);
        return Base64.getEncoder().withoutPadding().encodeToString(raw).getBytes(StandardCharsets.US_ASCII);
    }

    /** The HMAC key a WAMP-CRA client derives from the password: the base64 text of the salted key. */
    public byte[] craSigningKey() {
        return cra.key().getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code clear} is this password (constant-time on the derived key). */
    public boolean matches(String clear) {
        if (clear == null) {
            return false;
        }
        byte[] key = Kdf.pbkdf2Sha256(clear, cra.salt().getBytes(StandardCharsets.UTF_8), cra.iterations(), cra.keylen());
        return Secrets.equal(Base64.getEncoder().encodeToString(key), cra.key());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("salt", cra.salt());
        c.put("iterations", cra.iterations());
        c.put("keylen", cra.keylen());
        c.put("key", cra.key());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kdf", scram.kdf());
        s.put("salt", scram.salt());
        s.put("iterations", scram.iterations());
        s.put("memory", scram.memory());
        s.put("stored_key", scram.storedKey());
        s.put("server_key", scram.serverKey());
        return Map.of("cra", c, "scram", s);
    }

    @SuppressWarnings("unchecked")
    public static Password fromMap(Map<String, Object> m) {
        Map<String, Object> c = (Map<String, Object>) m.get("cra");
        Map<String, Object> s = (Map<String, Object>) m.get("scram");
        return new Password(
                new Cra((String) c.get("salt"), ((Number) c.get("iterations")).intValue(),
                        ((Number) c.get("keylen")).intValue(), (String) c.get("key")),
                new Scram((String) s.get("kdf"), (String) s.get("salt"), ((Number) s.get("iterations")).intValue(),
                        ((Number) s.get("memory")).intValue(), (String) s.get("stored_key"),
                        (String) s.get("server_key")));
    }

    @Override
    public String toString() {
        return "Password[hidden]";
    }
}
