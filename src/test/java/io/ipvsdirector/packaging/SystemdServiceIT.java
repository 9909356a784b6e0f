package io.ipvsdirector.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipvsdirector.testkit.Poll;
import io.ipvsdirector.testkit.Shell;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The built .deb under a real systemd (PID 1 of a container over this machine's root), driven as an
 * operator drives it: start then reload at once, status, an edit, a bad edit, a crash, a frozen
 * process, a stop and a purge; each step asserted through systemctl, the journal and the interface
 * that carries the VIP. The director runs as the package ships it: its account, its capabilities,
 * its sandbox; a VIP-only configuration (the host kernel may have no IPVS) on a veth interface of
 * the container's own network. Only the watchdog interval is shortened, by a drop-in, to keep the
 * frozen-process step short.
 */
@Tag("systemd")
class SystemdServiceIT {
    private static final Duration BOOT = Duration.ofSeconds(60);
    /** A start is two JVMs (check-config, run); a stop one more (release-vips): slow on a loaded machine. */
    private static final Duration SYSTEMCTL = Duration.ofSeconds(150);
    private static final Duration QUICK = Duration.ofSeconds(20);
    private static final String UNIT = "ipvs-director.service";
    private static final String CONFIG = "/etc/ipvs-director/director.yaml";
    private static final String VIP1 = "10.44.0.10/32";
    private static final String VIP2 = "10.44.0.11/32";
    private static final int WATCHDOG_SEC = 10;

    private SystemdContainer c;

    @Test
    void anOperatorsDayWithTheServiceUnderRealSystemd() throws Exception {
        assumeTrue(Packages.isRoot(), "skipped: needs root");
        assumeTrue(SystemdContainer.available(), "skipped: no systemd-nspawn (package systemd-container)");
        Path deb = Packages.deb();
        try (SystemdContainer container = SystemdContainer.boot(deb.getParent(), BOOT)) {
            c = container;
            c.ok(QUICK, "ip", "link", "add", "vip0", "type", "veth", "peer", "name", "vip1");
            c.ok(QUICK, "ip", "link", "set", "vip0", "up");
            c.ok(QUICK, "ip", "link", "set", "vip1", "up");
            c.write("/etc/systemd/system/" + UNIT + ".d/watchdog.conf", "[Service]\nWatchdogSec=" + WATCHDOG_SEC + "s\n");

            // Installed and enabled. (The package starts it too, unless policy-rc.d forbids starts, as
            // it does on machines built as container images; the start below does not depend on it.)
            c.ok(SYSTEMCTL, "dpkg", "-i", "/mnt/shared/" + deb.getFileName());
            assertEquals("enabled", c.exec(QUICK, "systemctl", "is-enabled", UNIT).out().strip());

            // A reload while the start is still going on: systemd holds it until READY=1 and folds
            // it into the start (no SIGHUP), so it neither kills the director nor fails.
            c.ok(SYSTEMCTL, "systemctl", "stop", UNIT);
            c.write(CONFIG, config(VIP1));
            c.ok(QUICK, "systemctl", "start", "--no-block", UNIT);
            c.ok(SYSTEMCTL, "systemctl", "reload", UNIT);
            assertEquals("active/running", show("ActiveState") + "/" + show("SubState"), "reload waited for READY=1");
            // Start, then reload at once, as a configuration manager's handler does.
            c.ok(SYSTEMCTL, "systemctl", "restart", UNIT);
            c.ok(SYSTEMCTL, "systemctl", "reload", UNIT);
            awaitJournal("reload (SIGHUP): " + CONFIG + " is valid");
            awaitRunning();
            assertEquals("0", show("NRestarts"), "not restarted: " + journal());
            awaitAddress(VIP1, true);
            String main = show("MainPID");
            assertEquals("ipvs-director", c.ok(QUICK, "ps", "-o", "user=", "-p", main).out().strip(), "the package's account");
            assertTrue(c.ok(QUICK, "cat", "/proc/" + main + "/status").out().contains("CapEff:\t0000000000003000"),
                    "CAP_NET_ADMIN and CAP_NET_RAW, nothing else");

            // What systemctl status and ipvs-director status say.
            Poll.until("the status text", QUICK, () -> c.exec(QUICK, "systemctl", "status", "--no-pager", UNIT).out()
                    .contains("Status: \"ACTIVE; 1 VIP(s), 0 virtual server(s), 0 real server(s)\""));
            Shell.Result status = c.ok(SYSTEMCTL, "ipvs-director", "status");
            assertTrue(status.out().contains("ACTIVE"), status.out());

            // An edit and a reload: the new VIP is taken.
            c.write(CONFIG, config(VIP1, VIP2));
            c.ok(SYSTEMCTL, "systemctl", "reload", UNIT);
            awaitAddress(VIP2, true);
            awaitStatus("ACTIVE; 2 VIP(s)");

            // A bad edit and a reload: still running on the old configuration; the journal says what is wrong.
            c.write(CONFIG, config(VIP1, "10.44.0.300/32"));
            c.ok(SYSTEMCTL, "systemctl", "reload", UNIT);
            awaitJournal(CONFIG + ": vips[1].address");
            assertTrue(journal().contains("reload (SIGHUP) rejected, the running configuration stays in force"), journal());
            awaitStatus("the last reload was rejected");
            awaitRunning();
            assertEquals("0", show("NRestarts"));
            awaitAddress(VIP2, true);
            c.write(CONFIG, config(VIP1, VIP2));

            // A crash (kill -9): systemd releases the VIPs (ExecStopPost) and starts the director again.
            String crashed = show("MainPID");
            c.ok(QUICK, "kill", "-9", crashed);
            awaitRestart("1", crashed);
            awaitJournal("removed " + VIP1 + " from vip0");
            awaitAddress(VIP1, true);
            awaitAddress(VIP2, true);

            // A frozen director: no more WATCHDOG=1, so systemd aborts it and starts it again.
            String frozen = show("MainPID");
            c.ok(QUICK, "kill", "-STOP", frozen);
            awaitRestart("2", frozen);
            assertTrue(journal().contains("Watchdog timeout"), journal());
            assertTrue(journal().contains("Killing process " + frozen + " (java) with signal SIGABRT"), journal());
            awaitAddress(VIP1, true);

            // A stop: exit 0, the VIPs gone.
            c.ok(SYSTEMCTL, "systemctl", "stop", UNIT);
            assertEquals("inactive", show("ActiveState"));
            assertEquals("success", show("Result"), journal());
            assertEquals("0", show("ExecMainStatus"));
            awaitAddress(VIP1, false);
            awaitAddress(VIP2, false);

            // A purge: the unit and the program are gone.
            c.ok(SYSTEMCTL, "dpkg", "--purge", "ipvs-director");
            c.ok(QUICK, "systemctl", "daemon-reload");
            assertEquals("not-found", show("LoadState"));
            assertFalse(c.exec(QUICK, "test", "-e", "/usr/share/ipvs-director/ipvs-director.jar").exit() == 0);
        }
    }

    private static String config(String... vips) {
        StringBuilder s = new StringBuilder("node:\n  priority: 100\nvips:\n");
        for (String vip : vips) {
            s.append("  - {address: ").append(vip).append(", interface: vip0}\n");
        }
        return s.append("virtual_servers: []\nipvs:\n  state_file: /var/lib/ipvs-director/ipvs-owned.json\n")
                .append("notify:\n  events: /run/ipvs-director/events.jsonl\n").toString();
    }

    private String show(String property) {
        return c.ok(QUICK, "systemctl", "show", "-p", property, "--value", UNIT).out().strip();
    }

    private String journal() {
        return c.exec(QUICK, "journalctl", "--no-pager", "-o", "cat", "-u", UNIT).out();
    }

    private void awaitJournal(String fragment) throws Exception {
        try {
            Poll.until("the journal line: " + fragment, SYSTEMCTL, () -> journal().contains(fragment));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + journal(), e);
        }
    }

    /** Active and running: not failed, not restarting, and back from RELOADING=1 (the director sent READY=1). */
    private void awaitRunning() throws Exception {
        Poll.until("active/running", QUICK, () -> (show("ActiveState") + "/" + show("SubState")).equals("active/running"));
    }

    private void awaitStatus(String fragment) throws Exception {
        Poll.until("StatusText with: " + fragment, QUICK, () -> show("StatusText").contains(fragment));
    }

    private void awaitAddress(String vip, boolean present) throws Exception {
        String address = vip.substring(0, vip.indexOf('/'));
        Poll.until(vip + (present ? " on" : " gone from") + " vip0", SYSTEMCTL, () ->
                c.ok(QUICK, "ip", "-o", "-4", "addr", "show", "dev", "vip0").out().contains("inet " + address + "/") == present);
    }

    /** The director was restarted by systemd: NRestarts reached {@code count}, a new main process, and it is ready. */
    private void awaitRestart(String count, String previousPid) throws Exception {
        try {
            Poll.until("restart number " + count, SYSTEMCTL, () -> show("NRestarts").equals(count)
                    && show("ActiveState").equals("active") && show("SubState").equals("running")
                    && !show("MainPID").equals(previousPid));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + journal(), e);
        }
        assertNotEquals("0", show("MainPID"));
    }
}
