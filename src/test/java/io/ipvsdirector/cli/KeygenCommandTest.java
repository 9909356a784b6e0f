package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.ClusterKeyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen makes a key check-config accepts, never overwrites one, and rotates by putting a new one first. */
class KeygenCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAPrivateKeyAndRefusesToOverwriteIt() throws IOException {
        Path key = dir.resolve("cluster.key");
        CliRun run = CliRun.of("keygen", key.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        List<byte[]> first = ClusterKeyFile.read(key);
        assertEquals(1, first.size());
        CliRun again = CliRun.of("keygen", key.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("exists; not overwritten"), again.err());
        assertTrue(Arrays.equals(first.get(0), ClusterKeyFile.read(key).get(0)), "unchanged");
    }

    @Test
    void rotatePutsANewKeyFirstAndKeepsTheCurrentSecond() throws IOException {
        Path key = dir.resolve("cluster.key");
        assertEquals(0, CliRun.of("keygen", key.toString()).exitCode());
        byte[] current = ClusterKeyFile.read(key).get(0);
        CliRun run = CliRun.of("keygen", "--rotate", key.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<byte[]> keys = ClusterKeyFile.read(key);
        assertEquals(2, keys.size());
        assertTrue(Arrays.equals(current, keys.get(1)));
        assertNotEquals(Arrays.toString(current), Arrays.toString(keys.get(0)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }
}
