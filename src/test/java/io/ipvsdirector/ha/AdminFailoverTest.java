package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.Capture;
import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.NamespaceTest;
import io.ipvsdirector.testkit.Netns;
import io.ipvsdirector.testkit.Poll;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ipvs-director failover` in a pair (d1 priority 150 with preempt, d2 100), run as the operator
 * would, inside each director's namespace against its admin API on the default 127.0.0.1:9180.
 */
@NamespaceTest
class AdminFailoverTest {
    @TempDir
    Path dir;

    /** The command line in {@code director}'s namespace, on its configuration; waits for its exit. */
    private static ChildProcess cli(HaLab lab, String director, String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = args[0];
        all[1] = "--config=" + lab.dir.resolve(director + ".yaml");
        System.arraycopy(args, 1, all, 2, args.length - 1);
        ChildProcess p = ChildProcess.director(Netns.in(lab.ns(director)), all);
        p.awaitExit(HaLab.WAIT);
        return p;
    }

    /** GET /status in the director's namespace, with curl: lighter than a JVM on a busy machine. */
    private static JsonObject status(HaLab lab, String director) throws Exception {
        return new JsonObject(lab.net.exec(lab.ns(director), "curl", "-sS", "--max-time", "10", "http://127.0.0.1:9180/status"));
    }

    private static List<String> members(JsonObject status) {
        return status.getJsonObject("cluster").getJsonArray("members").stream().map(o -> (JsonObject) o)
                .map(m -> m.getString("name") + " " + m.getString("role")).toList();
    }

    @Test
    void failoverMovesTheVipAndTheOldActiveDoesNotPreemptBack() throws Exception {
        try (HaLab lab = new HaLab(dir, 2)) {
            lab.config("d1", 150, "");
            lab.config("d2", 100, "");
            lab.start("d1");
            Poll.until("d1 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
            lab.start("d2");
            lab.process("d1").awaitLine("peer d2 is STANDBY", HaLab.WAIT);
            lab.process("d1").awaitLine("admin API on http://127.0.0.1:9180", HaLab.WAIT);
            lab.process("d2").awaitLine("admin API on http://127.0.0.1:9180", HaLab.WAIT);

            // The status of a pair: both members with their roles; the VIP held by d1 only.
            Poll.until("d1 reports itself ACTIVE and d2 STANDBY", HaLab.WAIT,
                    () -> members(status(lab, "d1")).equals(List.of("d1 ACTIVE", "d2 STANDBY")));
            JsonObject s1 = status(lab, "d1");
            assertEquals("ACTIVE", s1.getJsonObject("node").getString("role"));
            assertTrue(s1.getJsonArray("vips").getJsonObject(0).getBoolean("held"));
            assertEquals(false, status(lab, "d2").getJsonArray("vips").getJsonObject(0).getBoolean("held"));

            // Only the ACTIVE hands over.
            ChildProcess refused = cli(lab, "d2", "failover");
            assertEquals(1, refused.awaitExit(HaLab.WAIT));
            assertEquals(List.of("error: this director is STANDBY, not ACTIVE: only the ACTIVE director can hand over"),
                    refused.lines());

            // Owners are watched from here: this test is about the handovers (startup has its own tests).
            lab.sampleOwners();
            try (Capture arp = Capture.start(lab.client, "eth0", "arp")) {
                ChildProcess failover = cli(lab, "d1", "failover");
                assertEquals(0, failover.awaitExit(HaLab.WAIT), String.join("\n", failover.lines()));
                assertEquals(List.of("handing over to d2"), failover.lines());
                String d2 = lab.mac("d2");
                arp.await(l -> l.contains(d2) && l.contains("Request who-has " + HaLab.VIP + " tell " + HaLab.VIP), HaLab.WAIT);
                Poll.until("d2 owns the VIP", HaLab.WAIT, () -> lab.owners().equals(List.of("d2")));
                Poll.until("the client caches d2's MAC", HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(d2)));
            }
            lab.process("d1").awaitLine(l -> l.contains("role ACTIVE -> STARTING")
                    && l.endsWith("handing over to d2 at the operator's request"), HaLab.WAIT);
            lab.process("d1").awaitLine(l -> l.contains("role STARTING -> STANDBY") && l.endsWith("handed over to d2"), HaLab.WAIT);
            // d1 has the higher priority and preempt on, but it was asked to hand over: it stays STANDBY.
            JsonObject after = status(lab, "d1");
            assertEquals("STANDBY", after.getJsonObject("node").getString("role"));
            assertEquals(List.of("d2"), lab.owners());

            // Back again, the same way.
            ChildProcess back = cli(lab, "d2", "failover");
            assertEquals(0, back.awaitExit(HaLab.WAIT), String.join("\n", back.lines()));
            assertEquals(List.of("handing over to d1"), back.lines());
            Poll.until("d1 owns the VIP again", HaLab.WAIT, () -> lab.owners().equals(List.of("d1")));
            Poll.until("the client caches d1's MAC", HaLab.WAIT, () -> lab.clientSees().equals(Optional.of(lab.mac("d1"))));
            assertEquals(List.of(), lab.violations());
        }
    }
}
