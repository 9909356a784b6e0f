package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.NamespaceTest;
import io.ipvsdirector.testkit.Poll;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each tracker puts the ACTIVE (d1, priority 150) in FAULT: it gives the VIP up, and takes it back when well. */
@NamespaceTest
class TrackingTest {
    @TempDir
    Path dir;

    private HaLab pair(String track) throws Exception {
        HaLab lab = new HaLab(dir, 2);
        lab.config("d1", 150, track + "notify: {events: " + dir.resolve("d1-events.jsonl") + "}\n");
        lab.config("d2", 100, "");
        lab.sampleOwners();
        lab.start("d1");
        Poll.until("d1 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
        lab.start("d2");
        lab.process("d1").awaitLine("peer d2 is STANDBY", HaLab.WAIT);
        return lab;
    }

    private void assertFaultThenRecovery(HaLab lab, String reason, Runnable fix) throws Exception {
        lab.process("d1").awaitLine(l -> l.contains("role ACTIVE -> FAULT") && l.contains(reason), HaLab.WAIT);
        Poll.until("d2 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d2")));
        int mark = lab.process("d1").mark();
        fix.run();
        lab.process("d1").awaitLine(mark, l -> l.contains("role FAULT -> STARTING"), HaLab.WAIT);
        lab.process("d1").awaitLine(mark, l -> l.contains("role STARTING -> STANDBY (epoch 1): re-synchronised"), HaLab.WAIT);
        Poll.until("d1 owns the VIP again", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
        List<JsonObject> events = Files.readAllLines(dir.resolve("d1-events.jsonl")).stream().map(JsonObject::new).toList();
        assertTrue(events.stream().anyMatch(e -> e.getString("type").equals("role") && e.getString("state").equals("FAULT")
                && e.getString("reason").contains(reason)), "a FAULT event with its reason: " + events);
        assertEquals(List.of(), lab.violations());
    }

    @Test
    void interfaceDown() throws Exception {
        try (HaLab lab = pair("track: {interfaces: [eth0]}\n")) {
            lab.link("d1", false);
            assertFaultThenRecovery(lab, "link of eth0", () -> {
                try {
                    lab.link("d1", true);
                    lab.rejoined("d1");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void gatewayUnreachable() throws Exception {
        try (HaLab lab = pair("track: {gateway: 10.77.0.100}\n")) {
            lab.net.exec(lab.client, "ip", "addr", "del", "10.77.0.100/24", "dev", "eth0");
            assertFaultThenRecovery(lab, "gateway 10.77.0.100 does not answer", () -> {
                try {
                    lab.net.exec(lab.client, "ip", "addr", "add", "10.77.0.100/24", "dev", "eth0");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void scriptFails() throws Exception {
        Path flag = dir.resolve("bgp-ok");
        Files.writeString(flag, "");
        Path script = dir.resolve("check.sh");
        Files.writeString(script, "#!/bin/sh\ntest -e " + flag + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (HaLab lab = pair("track:\n  scripts:\n    - {path: " + script + ", interval: 200ms, rise: 2, fall: 2}\n")) {
            Files.delete(flag);
            assertFaultThenRecovery(lab, "script " + script + " failed 2 times: exit 1", () -> {
                try {
                    Files.writeString(flag, "");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
