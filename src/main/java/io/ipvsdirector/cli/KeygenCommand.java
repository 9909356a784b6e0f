package io.ipvsdirector.cli;

import io.ipvsdirector.config.ClusterKeyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Makes the cluster's shared key ({@code cluster.key_file}): 32 random bytes, base64 on one line, in
 * a file created with mode 0600 (never readable by others, not even for a moment). With
 * {@code --rotate} the new key is put first in an existing file and the old one kept second, the
 * first step of a rotation.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Write a new cluster key (cluster.key_file): 32 random bytes, base64, mode 0600.",
            "Copy the same file to every director and the witness. Exit 1 when the file exists (without --rotate)."})
public final class KeygenCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The key file to create.")
    Path file;

    @Option(names = "--rotate", description = "Put a new key first in the existing FILE and keep its current key"
            + " second (directors sign with the first and accept both).")
    boolean rotate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            String line = ClusterKeyFile.newKeyLine() + "\n";
            if (rotate) {
                String current = java.util.Base64.getEncoder().encodeToString(ClusterKeyFile.read(file).get(0));
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".keygen", "",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, line + current + "\n", StandardCharsets.US_ASCII);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                spec.commandLine().getOut().println("added a new first key to " + file + "; the previous key is second."
                        + " Copy it to every director and reload them, then drop the second line and reload again.");
            } else {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
                spec.commandLine().getOut().println("wrote a new cluster key to " + file
                        + " (mode 0600); copy it to every director and set cluster.key_file");
            }
            return 0;
        } catch (FileAlreadyExistsException e) {
            spec.commandLine().getErr().println(file + ": exists; not overwritten (use --rotate to add a new key)");
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println(file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }
}
