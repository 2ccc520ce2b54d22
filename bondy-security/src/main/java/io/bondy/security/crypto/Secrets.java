package io.bondy.security.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Random values and constant-time comparison for anything secret. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** {@code n} random bytes, base64 (standard alphabet, padded). */
    public static String randomBase64(int n) {
        return Base64.getEncoder().encodeToString(randomBytes(n));
    }

    /** A random password of URL-safe characters with {@code bytes} bytes of entropy. */
    public static String randomPassword(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    /** Constant-time equality of two byte arrays (the time depends only on the lengths). */
    public static boolean equal(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    /** Constant-time equality of two strings' UTF-8 bytes. */
    public static boolean equal(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
