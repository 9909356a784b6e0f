package io.ipvsdirector.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The admin API's bearer token, from {@code admin.token_file} (its first line, trimmed). Requests
 * are compared by their SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken says
 * nothing about how much of a guess was right, nor about the token's length.
 */
public final class BearerToken {
    private static final String SCHEME = "Bearer ";
    private final byte[] digest;

    private BearerToken(String token) {
        this.digest = sha256(token);
    }

    public static BearerToken of(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the token is empty");
        }
        return new BearerToken(token.strip());
    }

    /** The token of {@code file}: its first line without surrounding blanks. */
    public static BearerToken read(Path file) throws IOException {
        return of(firstLine(file).orElseThrow(() -> new IOException(file + " holds no token")));
    }

    /** The first line of a token file, stripped; empty when the file holds only blanks. */
    public static Optional<String> firstLine(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String line = text.lines().findFirst().orElse("").strip();
        return line.isEmpty() ? Optional.empty() : Optional.of(line);
    }

    /** True when {@code authorization} (the header's value, null when absent) carries this token. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            // Still compare, so that a missing header costs the same as a wrong one.
            MessageDigest.isEqual(digest, sha256(""));
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(SCHEME.length()).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
