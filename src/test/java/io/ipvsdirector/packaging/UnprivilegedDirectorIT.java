package io.ipvsdirector.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.Capture;
import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.NamespaceTest;
import io.ipvsdirector.testkit.Netns;
import io.ipvsdirector.testkit.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capability claim: the director, as an unprivileged user holding only CAP_NET_ADMIN and
 * CAP_NET_RAW, owns a VIP (adds it, announces it with gratuitous ARP, removes it on SIGTERM), and
 * release-vips removes a VIP a killed director left behind; without the two capabilities neither
 * works. In network namespaces: a director and a client on one switch.
 */
@NamespaceTest
class UnprivilegedDirectorIT {
    private static final String VIP = "10.78.0.10";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final Netns net = new Netns();
    private String director;
    private String client;
    private Unprivileged nobody;
    private Path config;

    @BeforeEach
    void lan() throws IOException {
        String sw = net.bridge("sw");
        director = net.host("d");
        client = net.host("c");
        net.plug(director, "eth0", sw, "10.78.0.11/24");
        net.plug(client, "eth0", sw, "10.78.0.100/24");
        nobody = new Unprivileged(dir);
        Path events = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(events, PosixFilePermissions.fromString("rwxrwxrwx"));
        config = Unprivileged.readable(dir.resolve("director.yaml"), "node: {name: d1}\n"
                + "vips:\n  - {address: " + VIP + "/32, interface: eth0, label: 'eth0:vip'}\n"
                + "announce: {count: 3, interval: 100ms, repeat_after: 0s}\n"
                + "notify: {events: " + events.resolve("events.jsonl") + "}\n");
    }

    @AfterEach
    void removeTheLan() {
        net.close();
    }

    @Test
    void ownsAVipWithOnlyTheTwoCapabilitiesAndGivesItUpOnSigterm() throws Exception {
        try (Capture arp = Capture.start(client, "eth0", "arp");
             ChildProcess run = nobody.start(Netns.in(director), true, "run", "--config", config.toString())) {
            run.awaitLine("vip " + VIP + "/32 added on eth0", WAIT);
            assertTrue(holdsVip(), "the VIP is on eth0");
            arp.await(l -> l.contains("Request who-has " + VIP + " tell " + VIP), WAIT);

            assertEquals("65534\t65534\t65534\t65534", Unprivileged.status(run.pid(), "Uid"), "runs as nobody");
            assertEquals("0000000000003000", Unprivileged.status(run.pid(), "CapEff"), "CAP_NET_ADMIN and CAP_NET_RAW only");
            assertEquals("0000000000003000", Unprivileged.status(run.pid(), "CapBnd"));

            run.signal("TERM");
            assertEquals(0, run.awaitExit(WAIT), String.join("\n", run.lines()));
            assertFalse(holdsVip(), "a clean stop removes the VIP");
        }
    }

    @Test
    void releaseVipsRemovesWhatAKilledDirectorLeftAndNeedsCapNetAdminForIt() throws Exception {
        try (ChildProcess run = nobody.start(Netns.in(director), true, "run", "--config", config.toString())) {
            run.awaitLine("vip " + VIP + "/32 added on eth0", WAIT);
            run.signal("KILL");
            run.awaitExit(WAIT);
        }
        assertTrue(holdsVip(), "SIGKILL leaves the VIP behind, answering ARP");

        try (ChildProcess refused = nobody.start(Netns.in(director), false, "release-vips", "--config", config.toString())) {
            assertEquals(1, refused.awaitExit(WAIT), String.join("\n", refused.lines()));
            assertEquals(List.of("remove " + VIP + "/32 from eth0: permission denied; this needs CAP_NET_ADMIN (run as root)"),
                    refused.lines());
        }
        assertTrue(holdsVip(), "without CAP_NET_ADMIN nothing was removed");

        try (ChildProcess release = nobody.start(Netns.in(director), true, "release-vips", "--config", config.toString())) {
            assertEquals(0, release.awaitExit(WAIT), String.join("\n", release.lines()));
            assertEquals(List.of("removed " + VIP + "/32 from eth0", "1 VIP(s) removed"), release.lines());
        }
        Poll.until("the VIP is gone", WAIT, () -> !holdsVip());
    }

    private boolean holdsVip() throws IOException {
        return net.exec(director, "ip", "-o", "addr", "show", "dev", "eth0").contains(" " + VIP + "/32 ");
    }
}
