package io.bondy.security.model;

/**
 * How passwords are hashed when set.
 *
 * @param craIterations  PBKDF2-HMAC-SHA256 iterations of the WAMP-CRA salted key
 * @param scramIterations Argon2id time cost of the WAMP-SCRAM salted password
 * @param scramMemoryKiB  Argon2id memory cost (KiB) of the WAMP-SCRAM salted password
 * @param minLength       the shortest password accepted
 */
public record PasswordPolicy(int craIterations, int scramIterations, int scramMemoryKiB, int minLength) {

    public static final PasswordPolicy DEFAULTS = new PasswordPolicy(10_000, 3, 4096, 6);

    public PasswordPolicy {
        if (craIterations < 1 || scramIterations < 1 || scramMemoryKiB < 8 || minLength < 1) {
            throw new IllegalArgumentException("password policy values must be positive (argon2 memory >= 8 KiB)");
        }
    }
}
