package io.ipvsdirector.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A shipped example copied into a scratch directory beside a fresh {@code cluster.key} (mode 0600),
 * which its {@code cluster.key_file: cluster.key} names: a checkout does not keep file modes, and a
 * key must never be committed.
 */
public final class ExampleCopy {
    private ExampleCopy() {
    }

    public static Path withKey(Path example, Path scratch) throws IOException {
        Path copy = scratch.resolve(example.getFileName());
        Files.copy(example, copy);
        Path key = scratch.resolve("cluster.key");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, ClusterKeyFile.newKeyLine() + "\n");
        return copy;
    }
}
