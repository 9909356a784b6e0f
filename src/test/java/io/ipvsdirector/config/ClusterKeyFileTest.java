package io.ipvsdirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a key file must be, and each way it can be wrong, in the words check-config prints. */
class ClusterKeyFileTest {
    @TempDir
    Path dir;

    private Path file(String text, String mode) throws IOException {
        Path f = dir.resolve("k" + System.nanoTime());
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private String message(Path f) {
        return assertThrows(IOException.class, () -> ClusterKeyFile.read(f)).getMessage();
    }

    @Test
    void oneOrTwoKeysOfAtLeast32Bytes() throws IOException {
        String a = ClusterKeyFile.newKeyLine();
        String b = ClusterKeyFile.newKeyLine();
        assertEquals(32, Base64.getDecoder().decode(a).length);
        assertEquals(1, ClusterKeyFile.read(file(a + "\n", "rw-------")).size());
        assertEquals(2, ClusterKeyFile.read(file("# new first\n" + a + "\n\n" + b + "\n", "r--------")).size());
    }

    @Test
    void eachProblemIsNamed() throws IOException {
        String a = ClusterKeyFile.newKeyLine();
        assertEquals("line 1: the key is 16 bytes, at least 32 are needed",
                message(file(Base64.getEncoder().encodeToString(new byte[16]), "rw-------")));
        assertEquals("line 1 is not base64 (make one with: ipvs-director keygen FILE)", message(file("secret!\n", "rw-------")));
        assertEquals("holds no key (make one with: ipvs-director keygen FILE)", message(file("\n# nothing\n", "rw-------")));
        assertEquals("holds 3 keys; at most 2 (the new one first, the old one second, while rotating)",
                message(file(a + "\n" + a + "\n" + a + "\n", "rw-------")));
        assertEquals("is readable or writable by group or others (mode rw-r-----); chmod 600 it",
                message(file(a, "rw-r-----")));
    }
}
