package io.ipvsdirector.kernel.netlink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Loads a kernel module on demand. The default runs modprobe; tests substitute their own. */
@FunctionalInterface
public interface ModuleLoader {
    /** Tries to load {@code module}; true when modprobe reported success. Never throws. */
    boolean load(String module);

    /** modprobe from /sbin, /usr/sbin or the PATH, with its output discarded and a 10 s limit. */
    static ModuleLoader modprobe() {
        return module -> {
            String program = List.of("/sbin/modprobe", "/usr/sbin/modprobe").stream()
                    .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse("modprobe");
            try {
                Process p = new ProcessBuilder(program, "--", module)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return false;
                }
                return p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }
}
