package io.ipvsdirector.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipvsdirector.testkit.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb installed with dpkg into a scratch root (dpkg --root, scripts run chrootless with
 * DPKG_ROOT), as if systemd ran this machine; and its maintainer scripts run against stubs, to see
 * what they do on a running system. Nothing of this machine is changed: programs that reach the
 * running system are stubs, in a mount namespace of their own.
 */
class DebInstallIT {
    private static final String USER_LINE = "ipvs-director:x:%d:%d:IPVS director:/var/lib/ipvs-director:/usr/sbin/nologin";

    @TempDir
    Path dir;

    private Path root;
    private StubbedSystem system;

    @BeforeEach
    void scratchRoot() throws IOException {
        assumeTrue(Packages.isRoot(), "skipped: needs root");
        root = Files.createDirectories(dir.resolve("root"));
        for (String d : List.of("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "etc")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(root.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(root.resolve("etc/gshadow"), "root:*::\n");
        system = new StubbedSystem(dir.resolve("stubs"), StubbedSystem.RUNNING_SYSTEM);
    }

    @Test
    void installsTheFilesTheAccountAndTheEnabledServiceIntoTheRootOnly() throws IOException {
        String hostPasswd = Files.readString(Path.of("/etc/passwd"));
        assertEquals(List.of(), dpkg("-i", Packages.deb().toString()), "the running system's systemd and kernel are not called");
        assertEquals(hostPasswd, Files.readString(Path.of("/etc/passwd")), "this machine's accounts are unchanged");

        assertTrue(Files.isExecutable(root.resolve("usr/bin/ipvs-director")));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/ipvs-director/ipvs-director.jar")));
        assertTrue(Files.isRegularFile(root.resolve("lib/systemd/system/ipvs-director.service")));
        assertEquals(Path.of("/lib/systemd/system/ipvs-director.service"),
                Files.readSymbolicLink(root.resolve("etc/systemd/system/multi-user.target.wants/ipvs-director.service")),
                "enabled, as Debian enables the services it installs");

        int[] ids = account();
        assertTrue(ids[0] > 0 && ids[0] < 1000, "a system uid: " + ids[0]);
        assertTrue(Files.readAllLines(root.resolve("etc/group")).contains("ipvs-director:x:" + ids[1] + ":"));
        Path state = root.resolve("var/lib/ipvs-director");
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals(ids[0], Files.getAttribute(state, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(ids[1], Files.getAttribute(state, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        assertEquals("install ok installed", status());

        // The shipped configuration is valid and does nothing: standalone, no VIP, no virtual server.
        Shell.Result check = Shell.run(List.of("env", "IPVS_DIRECTOR_JAR=" + root.resolve("usr/share/ipvs-director/ipvs-director.jar"),
                root.resolve("usr/bin/ipvs-director").toString(), "check-config",
                "--config", root.resolve("etc/ipvs-director/director.yaml").toString()), "");
        assertEquals(0, check.exit(), check.err());
        assertTrue(check.out().contains("0 VIP(s), 0 virtual server(s), 0 real server(s)"), check.out());
        assertTrue(check.out().contains("cluster: standalone"), check.out());
    }

    @Test
    void anUpgradeKeepsALocallyEditedConfigurationAndTheAccount() throws IOException {
        dpkg("-i", Packages.deb().toString());
        int[] ids = account();
        Path config = root.resolve("etc/ipvs-director/director.yaml");
        String edited = Files.readString(config) + "# edited by the operator\n";
        Files.writeString(config, edited);

        assertEquals(List.of(), dpkg("-i", Packages.deb().toString()), "a reinstallation");
        assertEquals(edited, Files.readString(config), "kept without a question: the package's copy did not change");

        // A newer version whose configuration changed: the operator's copy stays, the new one lands beside it.
        Path newer = repack("0.1.0+next", "# a newer default\n");
        assertEquals(List.of(), dpkg("--force-confold", "-i", newer.toString()), "an upgrade");
        assertEquals(edited, Files.readString(config));
        assertTrue(Files.readString(root.resolve("etc/ipvs-director/director.yaml.dpkg-dist")).endsWith("# a newer default\n"));
        assertEquals(ids[0], account()[0], "the same account");
        assertEquals(1, Files.readAllLines(root.resolve("etc/passwd")).stream().filter(l -> l.startsWith("ipvs-director:")).count());
        assertEquals("install ok installed", status());
    }

    @Test
    void purgeRemovesWhatTheServiceWroteAndKeepsTheAccount() throws IOException {
        dpkg("-i", Packages.deb().toString());
        Files.writeString(root.resolve("var/lib/ipvs-director/ipvs-owned.json"), "{}");
        assertEquals(List.of(), dpkg("--purge", "ipvs-director"), "never the kernel's tables, never the running system");
        assertFalse(Files.exists(root.resolve("var/lib/ipvs-director")), "the state directory is gone");
        assertFalse(Files.exists(root.resolve("etc/ipvs-director/director.yaml")), "the configuration is gone");
        assertFalse(Files.exists(root.resolve("etc/systemd/system/multi-user.target.wants/ipvs-director.service")),
                "no longer enabled");
        assertFalse(Files.exists(root.resolve("usr/share/ipvs-director")), "the program is gone");
        account();
    }

    /** The maintainer scripts on a running system (all programs stubbed): what they would do there. */
    @Test
    void onARunningSystemTheScriptsStartRestartAndStopTheService() throws IOException {
        Path control = Files.createDirectories(dir.resolve("control"));
        Shell.ok("dpkg-deb", "-e", Packages.deb().toString(), control.toString());
        StubbedSystem all = new StubbedSystem(dir.resolve("all-stubs"), StubbedSystem.ALL);
        String postinst = Files.readString(control.resolve("postinst"));
        List<String> account = List.of("getent group ipvs-director", "groupadd --system ipvs-director",
                "getent passwd ipvs-director", "useradd --system --gid ipvs-director --home-dir /var/lib/ipvs-director "
                        + "--no-create-home --shell /usr/sbin/nologin --comment IPVS director ipvs-director",
                "install -d -m 0750 -o ipvs-director -g ipvs-director /var/lib/ipvs-director");
        List<String> enable = List.of("deb-systemd-helper unmask ipvs-director.service",
                "deb-systemd-helper --quiet was-enabled ipvs-director.service", "deb-systemd-helper enable ipvs-director.service");
        List<String> fresh = new ArrayList<>(account);
        fresh.addAll(enable);
        fresh.addAll(List.of("modprobe -q ip_vs", "systemctl restart systemd-sysctl.service", "systemctl --system daemon-reload", "deb-systemd-invoke start ipvs-director.service"));
        assertEquals(fresh, all.run(postinst, true, Map.of(), "configure"), "a new installation");

        List<String> upgrade = new ArrayList<>(account);
        upgrade.addAll(enable);
        upgrade.addAll(List.of("modprobe -q ip_vs", "systemctl restart systemd-sysctl.service", "systemctl --system daemon-reload", "deb-systemd-invoke restart ipvs-director.service"));
        assertEquals(upgrade, all.run(postinst, true, Map.of(), "configure", "0.0.9"), "an upgrade restarts it");

        List<String> chroot = new ArrayList<>(account);
        chroot.addAll(enable);
        assertEquals(chroot, all.run(postinst, false, Map.of(), "configure"), "without systemd: nothing is started");

        String prerm = Files.readString(control.resolve("prerm"));
        assertEquals(List.of("deb-systemd-invoke stop ipvs-director.service"), all.run(prerm, true, Map.of(), "remove"));
        assertEquals(List.of(), all.run(prerm, true, Map.of(), "upgrade", "0.2.0"), "an upgrade does not stop it");
        assertEquals(List.of(), all.run(prerm, false, Map.of(), "remove"));

        String postrm = Files.readString(control.resolve("postrm"));
        Map<String, String> scratch = Map.of("DPKG_ROOT", Files.createDirectories(dir.resolve("purged")).toString());
        assertEquals(List.of("deb-systemd-helper purge ipvs-director.service", "deb-systemd-helper unmask ipvs-director.service"),
                all.run(postrm, true, scratch, "purge"));
        assertEquals(List.of("systemctl --system daemon-reload", "deb-systemd-helper mask ipvs-director.service"),
                all.run(postrm, true, Map.of(), "remove"));
    }

    private List<String> dpkg(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-depends", "--force-script-chrootless",
                "--log=/dev/null"));
        command.addAll(List.of(args));
        return system.command(command, true, Map.of());
    }

    private String status() throws IOException {
        return Shell.ok("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W", "-f=${Status}", "ipvs-director").out();
    }

    /** uid and gid of the account in the scratch root's passwd; fails when it is missing. */
    private int[] account() throws IOException {
        Optional<String> line = Files.readAllLines(root.resolve("etc/passwd")).stream()
                .filter(l -> l.startsWith("ipvs-director:")).findFirst();
        assertTrue(line.isPresent(), "ipvs-director is in the root's /etc/passwd");
        String[] f = line.get().split(":");
        int[] ids = {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
        assertEquals(String.format(USER_LINE, ids[0], ids[1]), line.get());
        return ids;
    }

    /** The package again as version {@code version}, its director.yaml with {@code appended} at the end. */
    private Path repack(String version, String appended) throws IOException {
        Path tree = dir.resolve("repack");
        Shell.ok("dpkg-deb", "-R", Packages.deb().toString(), tree.toString());
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replace("Version: " + Packages.VERSION, "Version: " + version));
        Files.delete(tree.resolve("DEBIAN/md5sums"));
        Path config = tree.resolve("etc/ipvs-director/director.yaml");
        Files.writeString(config, Files.readString(config) + appended);
        Path out = dir.resolve("ipvs-director_" + version + "_all.deb");
        Shell.ok("dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "-b", tree.toString(), out.toString());
        return out;
    }
}
