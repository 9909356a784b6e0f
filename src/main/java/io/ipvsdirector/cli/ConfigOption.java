package io.ipvsdirector.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --config option every command shares. */
public final class ConfigOption {
    public static final String DEFAULT = "/etc/ipvs-director/director.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DEFAULT,
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path file;

    public Path file() {
        return file;
    }
}
