package io.taskgrid.policy.users;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A salted, slow password hash: PBKDF2 with HMAC-SHA256 from the JDK. Stored as
 * {@code pbkdf2-sha256:ITERATIONS:SALT:HASH} (salt and hash in Base64).
 */
record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    static final String SCHEME = "pbkdf2-sha256";
    /** Slow enough to make guessing expensive, fast enough (about 0.2 s here) for a log-in per command. */
    static final int DEFAULT_ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    static PasswordHash create(char[] password, SecureRandom random, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    String encode() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static PasswordHash decode(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("the password hash is not of the form " + SCHEME + ":ITERATIONS:SALT:HASH");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + parts[1] + "' is not an iteration count");
        }
        if (iterations < 10_000) {
            throw new IllegalArgumentException(iterations + " iterations are too few to protect a password (at least 10000)");
        }
        try {
            return new PasswordHash(iterations, Base64.getDecoder().decode(parts[2]), Base64.getDecoder().decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the salt or hash is not Base64");
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
