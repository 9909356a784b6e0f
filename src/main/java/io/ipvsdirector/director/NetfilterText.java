package io.ipvsdirector.director;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The netfilter rules as text, from whichever of iptables-save, ip6tables-save and nft is installed. */
final class NetfilterText {
    private static final List<List<String>> COMMANDS = List.of(List.of("iptables-save"), List.of("ip6tables-save"),
            List.of("nft", "list", "ruleset"));

    private NetfilterText() {
    }

    /** Every installed tool's output, concatenated; a tool that is missing or fails adds nothing. */
    static String read() {
        StringBuilder out = new StringBuilder();
        for (List<String> command : COMMANDS) {
            find(command.get(0)).ifPresent(program -> {
                List<String> full = new java.util.ArrayList<>(command);
                full.set(0, program);
                out.append(run(full)).append('\n');
            });
        }
        return out.toString();
    }

    private static java.util.Optional<String> find(String name) {
        return List.of("/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/").stream().map(d -> d + name)
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] bytes = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
