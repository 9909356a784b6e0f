package io.ipvsdirector.cli;

import io.ipvsdirector.keepalived.Finding;
import io.ipvsdirector.keepalived.ImportResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Converts a keepalived.conf into this director's configuration, reporting everything it could not carry over exactly. */
@Command(name = "import-keepalived", mixinStandardHelpOptions = true,
        description = {"Convert a keepalived.conf (with its includes) into this director's YAML, commented where a choice was made.",
            "Every keyword approximated or left out is reported on stderr as FILE:LINE: keyword: what was done and why.",
            "The output always passes check-config. Exit 0: everything converted; 1: something was approximated or left"
                + " out; 2: the input could not be read or the output not written."})
public final class ImportKeepalivedCommand implements Callable<Integer> {
    /** Exit status when the conversion is complete but not exact. */
    static final int EXIT_LOSSY = 1;

    @Parameters(index = "0", paramLabel = "FILE", description = "The keepalived configuration file.")
    Path file;

    @Option(names = "--node", paramLabel = "NAME",
            description = "Whose view to write: the config id for keepalived's @NAME lines, and the director's name"
                    + " (default: router_id, else the host name).")
    String node;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the YAML here (default: standard output).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path target = output != null ? output : Path.of("director.yaml");
        ImportResult result;
        try {
            result = ImportResult.of(file, Optional.ofNullable(node), hostName(), target);
        } catch (IOException e) {
            err.println(file + ": (file): cannot read: " + io.ipvsdirector.config.ConfigLoader.readError(e));
            err.flush();
            return Main.EXIT_CONFIG;
        }
        result.findings().forEach(f -> err.println(f.line()));
        if (output == null) {
            out.print(result.yaml());
            out.flush();
        } else {
            try {
                Files.writeString(output, result.yaml(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println(output + ": (file): cannot write: " + io.ipvsdirector.config.ConfigLoader.readError(e));
                err.flush();
                return Main.EXIT_CONFIG;
            }
        }
        err.println(file + ": converted " + result.virtualServers() + " virtual server(s), " + result.realServers()
                + " real server(s), " + result.vips() + " VIP(s); " + result.count(Finding.Kind.APPROXIMATED) + " approximated, "
                + result.count(Finding.Kind.DROPPED) + " left out" + (output == null ? "" : "; wrote " + output));
        err.flush();
        return result.lossy() ? EXIT_LOSSY : 0;
    }

    /** The node name (uname) up to its first dot, as keepalived takes its default config id. */
    static String hostName() {
        String h;
        try {
            h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                h = "localhost";
            }
        }
        int dot = h.indexOf('.');
        return dot > 0 ? h.substring(0, dot) : h;
    }
}
