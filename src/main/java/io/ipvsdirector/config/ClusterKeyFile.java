package io.ipvsdirector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The cluster's shared secret ({@code cluster.key_file}): a text file of one or two lines, each the
 * base64 of at least {@value #MIN_BYTES} random bytes. Directors sign with the first key and accept
 * either, so that a key is rotated without a moment when two directors disagree. The file must be
 * readable by its owner only: a key that others can read proves nothing.
 */
public final class ClusterKeyFile {
    public static final int MIN_BYTES = 32;
    public static final int MAX_KEYS = 2;

    private ClusterKeyFile() {
    }

    /** Reads and checks {@code file}; throws with the problem in the configuration's words. */
    public static List<byte[]> read(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            throw new IOException("no such file");
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            EnumSet<PosixFilePermission> open = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
            open.retainAll(mode);
            if (!open.isEmpty()) {
                throw new IOException("is readable or writable by group or others (mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(mode) + "); chmod 600 it");
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
        List<byte[]> keys = new ArrayList<>();
        int line = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            line++;
            String t = text.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                throw new IOException("line " + line + " is not base64 (make one with: ipvs-director keygen FILE)");
            }
            if (key.length < MIN_BYTES) {
                throw new IOException("line " + line + ": the key is " + key.length + " bytes, at least " + MIN_BYTES
                        + " are needed");
            }
            keys.add(key);
        }
        if (keys.isEmpty()) {
            throw new IOException("holds no key (make one with: ipvs-director keygen FILE)");
        }
        if (keys.size() > MAX_KEYS) {
            throw new IOException("holds " + keys.size() + " keys; at most " + MAX_KEYS
                    + " (the new one first, the old one second, while rotating)");
        }
        return keys;
    }

    /** A new key line: the base64 of {@value #MIN_BYTES} bytes from a strong random source. */
    public static String newKeyLine() {
        byte[] key = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
