package io.ipvsdirector.realserver;

import java.io.IOException;
import java.util.Optional;

/** Reads and writes kernel settings of this network namespace. */
public interface Sysctls {
    /** The current value, trimmed; empty when the setting does not exist (module not loaded, no such interface). */
    Optional<String> read(Sysctl key) throws IOException;

    void write(Sysctl key, String value) throws IOException;
}
