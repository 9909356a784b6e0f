package io.ipvsdirector.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.cli.Main;
import io.ipvsdirector.testkit.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The .deb as dpkg-deb sees it: control fields, files with modes and owners, conffiles, scripts. */
class DebPackageIT {
    @TempDir
    static Path control;

    /** path → "MODE OWNER" for every entry of `dpkg-deb -c`. */
    private static Map<String, String> entries;

    @BeforeAll
    static void read() {
        Shell.ok("dpkg-deb", "-e", Packages.deb().toString(), control.toString());
        entries = new TreeMap<>();
        for (String line : Packages.run("dpkg-deb", "-c", Packages.deb().toString())) {
            String[] f = line.trim().split("\\s+", 6);
            entries.put(f[5].replaceFirst("^\\./", "/").replaceFirst("(.)/$", "$1"), f[0] + " " + f[1]);
        }
    }

    @Test
    void controlNamesTheRuntimeItNeedsAndOnlyRecommendsIpvsadm() throws IOException {
        Map<String, String> fields = fields(Files.readString(control.resolve("control")));
        assertEquals("ipvs-director", fields.get("Package"));
        assertEquals(Packages.VERSION, fields.get("Version"));
        assertEquals("all", fields.get("Architecture"));
        assertEquals("openjdk-17-jre-headless | java17-runtime-headless, passwd", fields.get("Depends"));
        assertEquals("ipvsadm", fields.get("Recommends"));
        assertTrue(fields.get("Maintainer").matches(".+ <.+@.+>"), fields.get("Maintainer"));
    }

    @Test
    void installsExactlyTheseFilesOwnedByRootAndWritableOnlyByIt() throws IOException {
        Map<String, String> files = new TreeMap<>();
        entries.forEach((path, meta) -> {
            if (meta.startsWith("-")) {
                files.put(path, meta);
            }
        });
        Map<String, String> expected = new TreeMap<>(Map.of(
                "/usr/share/ipvs-director/ipvs-director.jar", "-rw-r--r-- root/root",
                "/usr/bin/ipvs-director", "-rwxr-xr-x root/root",
                "/etc/ipvs-director/director.yaml", "-rw-r--r-- root/root",
                "/etc/default/ipvs-director", "-rw-r--r-- root/root",
                "/lib/systemd/system/ipvs-director.service", "-rw-r--r-- root/root",
                "/usr/lib/modules-load.d/ipvs-director.conf", "-rw-r--r-- root/root",
                "/usr/lib/sysctl.d/60-ipvs-director.conf", "-rw-r--r-- root/root",
                "/usr/share/man/man8/ipvs-director.8.gz", "-rw-r--r-- root/root",
                "/usr/share/man/man5/director.yaml.5.gz", "-rw-r--r-- root/root",
                "/usr/share/bash-completion/completions/ipvs-director", "-rw-r--r-- root/root"));
        documentation().forEach(doc -> expected.put("/usr/share/doc/ipvs-director/" + doc, "-rw-r--r-- root/root"));
        assertEquals(expected, files);
        Set<String> allowed = Set.of("drwxr-xr-x root/root", "-rw-r--r-- root/root", "-rwxr-xr-x root/root");
        entries.forEach((path, meta) -> assertTrue(allowed.contains(meta), path + " is " + meta));
        assertFalse(entries.containsKey("/var/lib/ipvs-director"),
                "the state directory is made by postinst, owned by a user that does not exist at unpack time");
    }

    @Test
    void theConfigurationAndTheJvmOptionsAreConffiles() throws IOException {
        assertEquals(List.of("/etc/ipvs-director/director.yaml", "/etc/default/ipvs-director"),
                Files.readAllLines(control.resolve("conffiles")));
    }

    @Test
    void maintainerScriptsAreValidShellAndNeverTouchTheKernelTables() throws IOException {
        for (String name : List.of("postinst", "prerm", "postrm")) {
            Path script = control.resolve(name);
            assertTrue(Files.isExecutable(script), name + " is executable");
            String text = Files.readString(script);
            assertTrue(text.startsWith("#!/bin/sh\n"), name);
            Shell.ok("sh", "-n", script.toString());
            for (String kernelTool : List.of("ipvsadm", "ip addr", "ip link", "release-vips", "ipvs apply")) {
                assertFalse(text.contains(kernelTool), name + " must not change the kernel's tables: " + kernelTool);
            }
        }
        assertTrue(Files.notExists(control.resolve("preinst")), "nothing to do before unpacking");
    }

    /** The completion is generated from the command model at build time, so it offers this build's commands. */
    @Test
    void bashCompletionOffersTheCommandsOfThisBuild(@TempDir Path dir) {
        Path script = Packages.extractDeb(dir).resolve("usr/share/bash-completion/completions/ipvs-director");
        CommandLine main = Main.commandLine();
        assertEquals(new TreeSet<>(main.getSubcommands().keySet()), complete(script, "ipvs-director "));
        assertEquals(new TreeSet<>(main.getSubcommands().get("ipvs").getSubcommands().keySet()), complete(script, "ipvs-director ipvs "));
        assertTrue(complete(script, "ipvs-director release-vips --c").contains("--config"));
    }

    /** What bash offers after {@code line}, as the completion function computes it when Tab is pressed there. */
    private static Set<String> complete(Path script, String line) {
        String program = """
                source "$1"
                COMP_LINE=$2; COMP_POINT=${#COMP_LINE}
                read -r -a COMP_WORDS <<< "$2"
                if [ "${2: -1}" = " " ]; then COMP_WORDS+=(""); fi
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
                _complete_ipvs-director ipvs-director "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                """;
        return Shell.ok("bash", "-c", program, "complete", script.toString(), line).out().lines()
                .filter(l -> !l.isBlank()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The documentation the package ships: README, docs/ (not the developers' testing page), examples. */
    static Set<String> documentation() throws IOException {
        Set<String> docs = new TreeSet<>(List.of("README.md", "examples/pair.yaml", "examples/active-active.yaml", "examples/loopback.yaml",
                "examples/notify-user.conf"));
        try (Stream<Path> s = Files.list(Packages.basedir().resolve("docs"))) {
            docs.addAll(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md") && !n.equals("testing.md"))
                    .collect(Collectors.toSet()));
        }
        return docs;
    }

    private static Map<String, String> fields(String controlFile) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : controlFile.split("\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith(" ") && colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return out;
    }
}
