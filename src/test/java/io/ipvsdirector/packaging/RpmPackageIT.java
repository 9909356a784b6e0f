package io.ipvsdirector.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipvsdirector.testkit.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.packager.rpm.FileFlags;
import org.eclipse.packager.rpm.RpmTag;
import org.eclipse.packager.rpm.deps.RpmDependencyFlags;
import org.eclipse.packager.rpm.parse.InputHeader;
import org.eclipse.packager.rpm.parse.RpmInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .rpm's headers, read with the RPM library the builder uses (no rpm tool needed): metadata,
 * dependencies, files with modes, owners and %config(noreplace) flags, and scriptlets.
 */
class RpmPackageIT {
    private static final int DIRINDEXES = 1116;
    private static final int RECOMMENDNAME = 5046;

    private static InputHeader<RpmTag> header;

    /** One file of the package as its header describes it. */
    record Entry(String path, int mode, String user, String group, EnumSet<FileFlags> flags) {
        String permissions() {
            return Integer.toOctalString(mode & 07777) + " " + user + ":" + group;
        }

        boolean directory() {
            return (mode & 0170000) == 0040000;
        }
    }

    private static Map<String, Entry> files;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = Files.newInputStream(Packages.rpm()); RpmInputStream rpm = new RpmInputStream(in)) {
            header = rpm.getPayloadHeader();
        }
        List<Object> dirs = list(RpmTag.DIRNAMES);
        List<Object> indexes = list(DIRINDEXES);
        List<Object> names = list(RpmTag.BASENAMES);
        List<Object> modes = list(RpmTag.FILE_MODES);
        List<Object> users = list(RpmTag.FILE_USERNAME);
        List<Object> groups = list(RpmTag.FILE_GROUPNAME);
        List<Object> flags = list(RpmTag.FILE_FLAGS);
        files = new TreeMap<>();
        for (int i = 0; i < names.size(); i++) {
            String path = dirs.get(((Number) indexes.get(i)).intValue()) + (String) names.get(i);
            files.put(path, new Entry(path, ((Number) modes.get(i)).intValue() & 0xffff, (String) users.get(i),
                    (String) groups.get(i), FileFlags.decode(((Number) flags.get(i)).intValue())));
        }
    }

    @Test
    void metadataAndDependencies() {
        assertEquals("ipvs-director", header.getTag(RpmTag.NAME));
        assertEquals(Packages.VERSION, header.getTag(RpmTag.VERSION));
        assertEquals("1", header.getTag(RpmTag.RELEASE));
        assertEquals("noarch", header.getTag(RpmTag.ARCH));

        List<String> requires = new ArrayList<>();
        List<Object> names = list(RpmTag.REQUIRE_NAME);
        List<Object> versions = list(RpmTag.REQUIRE_VERSION);
        List<Object> flags = list(RpmTag.REQUIRE_FLAGS);
        for (int i = 0; i < names.size(); i++) {
            Set<RpmDependencyFlags> f = RpmDependencyFlags.parse(((Number) flags.get(i)).intValue());
            if (f.contains(RpmDependencyFlags.RPMLIB) || f.contains(RpmDependencyFlags.INTERPRETER)) {
                continue;
            }
            String op = f.contains(RpmDependencyFlags.GREATER) && f.contains(RpmDependencyFlags.EQUAL) ? " >= " : "";
            requires.add(names.get(i) + op + (op.isEmpty() ? "" : versions.get(i))
                    + (f.contains(RpmDependencyFlags.SCRIPT_PRE) ? " (pre)" : ""));
        }
        assertEquals(List.of("java-headless >= 1:17", "shadow-utils (pre)"), requires);
        assertEquals(List.of("ipvsadm"), list(RECOMMENDNAME), "ipvsadm is a weak dependency");
    }

    @Test
    void filesModesOwnersAndConfigurationFlags() throws IOException {
        Map<String, String> regular = new TreeMap<>();
        files.values().stream().filter(e -> !e.directory()).forEach(e -> regular.put(e.path(), e.permissions()));
        Map<String, String> expected = new TreeMap<>(Map.of(
                "/usr/share/ipvs-director/ipvs-director.jar", "644 root:root",
                "/usr/bin/ipvs-director", "755 root:root",
                "/etc/ipvs-director/director.yaml", "644 root:root",
                "/etc/sysconfig/ipvs-director", "644 root:root",
                "/usr/lib/systemd/system/ipvs-director.service", "644 root:root",
                "/usr/lib/modules-load.d/ipvs-director.conf", "644 root:root",
                "/usr/lib/sysctl.d/60-ipvs-director.conf", "644 root:root",
                "/usr/share/man/man8/ipvs-director.8.gz", "644 root:root",
                "/usr/share/man/man5/director.yaml.5.gz", "644 root:root",
                "/usr/share/bash-completion/completions/ipvs-director", "644 root:root"));
        DebPackageIT.documentation().forEach(doc -> expected.put("/usr/share/doc/ipvs-director/" + doc, "644 root:root"));
        assertEquals(expected, regular);

        assertEquals("750 ipvs-director:ipvs-director", files.get("/var/lib/ipvs-director").permissions(),
                "the state directory belongs to the service user, created by %pre");
        for (String dir : List.of("/etc/ipvs-director", "/usr/share/ipvs-director", "/usr/share/doc/ipvs-director")) {
            assertEquals("755 root:root", files.get(dir).permissions(), dir);
        }

        Set<FileFlags> config = Set.of(FileFlags.CONFIGURATION, FileFlags.NOREPLACE);
        for (Entry e : files.values()) {
            boolean isConfig = e.path().equals("/etc/ipvs-director/director.yaml") || e.path().equals("/etc/sysconfig/ipvs-director");
            assertEquals(isConfig ? config : Set.of(), e.flags().stream().filter(config::contains).collect(Collectors.toSet()),
                    e.path() + ": %config(noreplace) flags");
            boolean documentation = e.path().startsWith("/usr/share/doc/") || e.path().startsWith("/usr/share/man/");
            assertEquals(documentation && !e.directory(), e.flags().contains(FileFlags.DOC), e.path() + ": %doc flag");
        }
    }

    @Test
    void scriptletsAreValidShellAndNeverTouchTheKernelTables(@TempDir Path dir) throws IOException {
        for (Map.Entry<String, String> s : scriptlets().entrySet()) {
            Path file = dir.resolve(s.getKey());
            Files.writeString(file, s.getValue());
            Shell.ok("sh", "-n", file.toString());
            for (String kernelTool : List.of("ipvsadm", "ip addr", "ip link", "release-vips", "ipvs apply")) {
                assertFalse(s.getValue().contains(kernelTool), s.getKey() + " must not change the kernel's tables: " + kernelTool);
            }
        }
        Set<Object> interpreters = Set.of(RpmTag.PREINSTALL_SCRIPT_PROG, RpmTag.POSTINSTALL_SCRIPT_PROG,
                RpmTag.PREREMOVE_SCRIPT_PROG, RpmTag.POSTREMOVE_SCRIPT_PROG).stream()
                .map(t -> first(header.getTag(t))).collect(Collectors.toSet());
        assertEquals(Set.of("/bin/sh"), interpreters);
    }

    /**
     * Where the rpm tool is installed (CI does not need it), it reads the same package: its digests
     * check, and it lists the same files and configuration files as the library does.
     */
    @Test
    void theRpmToolAgreesWhereItIsInstalled() {
        assumeTrue(Shell.run("sh", "-c", "command -v rpm").exit() == 0, "skipped: rpm is not installed");
        String rpm = Packages.rpm().toString();
        Packages.run("rpm", "-K", "--nosignature", rpm);
        assertEquals(List.copyOf(files.keySet()), Packages.run("rpm", "-qpl", "--nosignature", rpm).stream().sorted().toList());
        assertEquals(List.of("/etc/ipvs-director/director.yaml", "/etc/sysconfig/ipvs-director"),
                Packages.run("rpm", "-qpc", "--nosignature", rpm).stream().sorted().toList());
    }

    /** What each scriptlet does, as rpm runs it: $1 counts the versions left installed. */
    @Test
    void scriptletsDoWhatRpmConventionsExpectAndSystemdOnlyWhenItRuns(@TempDir Path dir) throws IOException {
        assumeTrue(Packages.isRoot(), "skipped: needs root");
        StubbedSystem system = new StubbedSystem(dir, StubbedSystem.ALL);
        Map<String, String> s = scriptlets();
        Map<String, String> none = Map.of();
        assertEquals(List.of("getent group ipvs-director", "groupadd -r ipvs-director", "getent passwd ipvs-director",
                "useradd -r -g ipvs-director -d /var/lib/ipvs-director -M -s /sbin/nologin -c IPVS director ipvs-director"),
                system.run(s.get("pre"), false, none, "1"));

        String preset = "systemctl --no-reload preset ipvs-director.service";
        assertEquals(List.of(preset), system.run(s.get("post"), false, none, "1"), "a chroot: presets only, offline");
        assertEquals(List.of(preset, "modprobe -q ip_vs", "systemctl restart systemd-sysctl.service", "systemctl daemon-reload"), system.run(s.get("post"), true, none, "1"));
        assertEquals(List.of("modprobe -q ip_vs", "systemctl restart systemd-sysctl.service", "systemctl daemon-reload"), system.run(s.get("post"), true, none, "2"),
                "an upgrade keeps the administrator's enable/disable choice");

        assertEquals(List.of("systemctl --no-reload disable --now ipvs-director.service"), system.run(s.get("preun"), true, none, "0"));
        assertEquals(List.of("systemctl --no-reload disable ipvs-director.service"), system.run(s.get("preun"), false, none, "0"));
        assertEquals(List.of(), system.run(s.get("preun"), true, none, "1"), "an upgrade does not stop the service");

        assertEquals(List.of("systemctl daemon-reload", "systemctl try-restart ipvs-director.service"),
                system.run(s.get("postun"), true, none, "1"), "after an upgrade, a running service restarts on the new version");
        assertEquals(List.of("systemctl daemon-reload"), system.run(s.get("postun"), true, none, "0"));
        assertEquals(List.of(), system.run(s.get("postun"), false, none, "0"));
    }

    private static Map<String, String> scriptlets() {
        return Map.of("pre", (String) header.getTag(RpmTag.PREINSTALL_SCRIPT),
                "post", (String) header.getTag(RpmTag.POSTINSTALL_SCRIPT),
                "preun", (String) header.getTag(RpmTag.PREREMOVE_SCRIPT),
                "postun", (String) header.getTag(RpmTag.POSTREMOVE_SCRIPT));
    }

    private static List<Object> list(RpmTag tag) {
        return asList(header.getTag(tag));
    }

    private static List<Object> list(int tag) {
        return asList(header.getTag(tag));
    }

    private static Object first(Object value) {
        List<Object> l = asList(value);
        return l.isEmpty() ? null : l.get(0);
    }

    /** Header values are arrays of primitives or strings, or a single value. */
    private static List<Object> asList(Object value) {
        List<Object> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(Array.get(value, i));
            }
        } else {
            out.add(value);
        }
        return out;
    }
}
