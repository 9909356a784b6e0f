package io.ipvsdirector.realserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Kernel settings as the files under /proc/sys (a root can be given for tests). */
public final class ProcSysctls implements Sysctls {
    private final Path root;

    public ProcSysctls() {
        this(Path.of("/proc/sys"));
    }

    public ProcSysctls(Path root) {
        this.root = root;
    }

    @Override
    public Optional<String> read(Sysctl key) throws IOException {
        try {
            return Optional.of(Files.readString(root.resolve(key.path())).trim());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(Sysctl key, String value) throws IOException {
        Path file = root.resolve(key.path());
        if (!Files.exists(file)) {
            throw new IOException(key + " does not exist");
        }
        try {
            Files.writeString(file, value + "\n");
        } catch (IOException e) {
            throw new IOException("cannot set " + key + " to " + value + ": " + e.getMessage(), e);
        }
    }
}
