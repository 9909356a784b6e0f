package io.ipvsdirector.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipvsdirector.testkit.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit the .deb installs: systemd-analyze verify with the package's files where the unit names
 * them, the security report (printed, not judged), and the settings the privilege model rests on.
 * The service really running under it is InstalledServiceIT's.
 */
class SystemdUnitIT {
    @TempDir
    static Path files;

    private static Path unit;

    @BeforeAll
    static void extract() {
        Packages.extractDeb(files);
        unit = files.resolve("lib/systemd/system/ipvs-director.service");
    }

    /**
     * verify checks that ExecStart's programs exist and that man: documentation resolves. The
     * package's /usr is laid over this machine's in a private mount namespace, so both are where
     * the unit says, and nothing of this machine changes.
     */
    @Test
    void verifyPassesWithThePackagesFilesInPlace() {
        assumeTrue(Packages.isRoot(), "skipped: needs root (a mount namespace)");
        Shell.Result installed = verify(true);
        assertEquals(0, installed.exit(), installed.err() + installed.out());
        assertEquals("", installed.err().trim());

        Shell.Result bare = verify(false);
        assertTrue(bare.err().contains("Command /usr/bin/ipvs-director is not executable"), bare.err());
        assertTrue(bare.err().contains("Command 'man ipvs-director(8)' failed"), "verify does check the man pages: " + bare.err());
    }

    @Test
    void securityReport() throws IOException {
        Shell.Result r = Shell.run(List.of("systemd-analyze", "security", "--offline=true", "--no-pager", unit.toString()), "");
        String report = r.out() + r.err();
        Path saved = Packages.basedir().resolve("target/systemd-security.txt");
        Files.writeString(saved, report);
        String overall = report.lines().filter(l -> l.contains("Overall exposure level")).findFirst().orElse("(no score)");
        // Printed for the record; the score is a judgement call, not a pass/fail.
        System.out.println(report);
        System.out.println("systemd-analyze security: " + overall.replaceFirst("^.*?: ", "") + " (full report: " + saved + ")");
        assertTrue(overall.contains("ipvs-director.service"), report);
    }

    @Test
    void runsUnprivilegedWithExactlyTheTwoCapabilities() throws IOException {
        Map<String, List<String>> service = section(Files.readString(unit), "Service");
        assertEquals(List.of("ipvs-director"), service.get("User"));
        assertEquals(List.of("ipvs-director"), service.get("Group"));
        assertEquals(List.of("CAP_NET_ADMIN CAP_NET_RAW"), service.get("AmbientCapabilities"));
        assertEquals(List.of("CAP_NET_ADMIN CAP_NET_RAW"), service.get("CapabilityBoundingSet"));
        assertEquals(List.of("yes"), service.get("NoNewPrivileges"));
        assertEquals(List.of("strict"), service.get("ProtectSystem"));
        assertEquals(List.of("AF_INET AF_INET6 AF_NETLINK AF_PACKET AF_UNIX"), service.get("RestrictAddressFamilies"));
        assertEquals(List.of("/usr/bin/ipvs-director check-config --config /etc/ipvs-director/director.yaml"),
                service.get("ExecStartPre"));
        assertEquals(List.of("/usr/bin/ipvs-director release-vips --config /etc/ipvs-director/director.yaml"),
                service.get("ExecStopPost"));
        assertEquals(List.of("/bin/kill -HUP $MAINPID"), service.get("ExecReload"));
        assertEquals(List.of("on-failure"), service.get("Restart"));
        assertEquals(List.of("143"), service.get("SuccessExitStatus"));
        assertEquals(List.of("ipvs-director"), service.get("StateDirectory"));
        assertEquals(List.of("ipvs-director"), service.get("RuntimeDirectory"));
        assertTrue(!service.containsKey("MemoryDenyWriteExecute"), "the JIT needs writable, executable memory");
    }

    /** Readiness and the watchdog come from the director itself; the sysctls from sysctl.d, before it starts. */
    @Test
    void notifiesReadinessHasAWatchdogAndKeepsTheKernelTunablesReadOnly() throws IOException {
        String text = Files.readString(unit);
        Map<String, List<String>> service = section(text, "Service");
        assertEquals(List.of("notify"), service.get("Type"));
        assertEquals(List.of("main"), service.get("NotifyAccess"), "only the director's own process may notify");
        assertEquals(List.of("20s"), service.get("WatchdogSec"));
        assertEquals(List.of("yes"), service.get("ProtectKernelTunables"), "sysctls are set by sysctl.d, not by the daemon");
        assertTrue(section(text, "Unit").get("After").get(0).contains("systemd-sysctl.service"),
                "started after its sysctls are applied");
        assertTrue(section(text, "Unit").get("After").get(0).contains("systemd-modules-load.service"),
                "and after ip_vs, whose sysctls they are, is loaded");
    }

    private static Shell.Result verify(boolean withPackage) {
        String overlay = withPackage ? "mount -t overlay overlay -o lowerdir=" + files.resolve("usr") + ":/usr /usr && " : "";
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                overlay + "exec systemd-analyze verify \"$1\"", "verify", unit.toString()));
        return Shell.run(command, "");
    }

    /** Each key of {@code name}'s section with its values in order (a key may repeat). */
    static Map<String, List<String>> section(String unitFile, String name) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        boolean in = false;
        for (String line : unitFile.split("\n")) {
            if (line.startsWith("[")) {
                in = line.equals("[" + name + "]");
            } else if (in && !line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                out.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
            }
        }
        return out;
    }
}
