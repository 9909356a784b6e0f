package io.ipvsdirector.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.ha.FailoverTrial.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failover benchmark's arithmetic, without a lab: moves from a capture, their summary, medians, GC logs. */
class FailoverReportTest {
    private static final String A = "aa:00:00:00:00:01";
    private static final String B = "aa:00:00:00:00:02";

    private static String garp(double time, String mac) {
        return String.format(java.util.Locale.ROOT, "%.6f %s > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Ethernet (len 6), IPv4 (len 4),"
                + " Request who-has 10.77.0.10 tell 10.77.0.10, length 28", time, mac);
    }

    @Test
    void countsTheVipChangingHandsWithinTheWindowOnly() {
        List<String> capture = List.of(
                garp(99.0, B), // before the fault
                garp(100.2, B), garp(100.3, B), // the takeover, announced twice
                String.format(java.util.Locale.ROOT, "%.6f %s > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.77.0.10"
                        + " tell 10.77.0.100, length 28", 100.4, A), // a client's query, not an announcement
                garp(102.5, A), // flapped back
                garp(103.0, B), // and again
                garp(110.0, A)); // after the window
        assertEquals(3, FailoverTrial.moves(capture, A, 100.0, 105.0));
        assertEquals(1, FailoverTrial.moves(capture, A, 100.0, 101.0));
    }

    @Test
    void summarisesMovesAndMedians() {
        Result once = new Result(300, 1, null);
        Result twice = new Result(400, 2, null);
        assertEquals("1", FailoverReport.moves(List.of(once, once, Result.failed("timeout"))));
        assertEquals("1×2 2×1", FailoverReport.moves(List.of(once, twice, once)));
        assertEquals("-", FailoverReport.moves(List.of(Result.failed("timeout"))));
        assertEquals(350.0, FailoverReport.median(List.of(300.0, 400.0)));
        assertEquals(300.0, FailoverReport.median(List.of(100.0, 300.0, 900.0)));
    }

    @Test
    void readsThePausesOfG1ZgcAndShenandoah(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc-x.log");
        Files.write(log, List.of(
                "[0.118s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 6M->6M(66M) 22.830ms",
                "[0.120s] GC(0)   Pre Evacuate Collection Set: 0.1ms",
                "[5.191s] GC(1) Pause Mark Start 0.019ms",
                "[6.289s] GC(2) Pause Init Mark (unload classes) 0.046ms",
                "[7.000s] GC(3) Garbage Collection (Warmup) 20M(8%)->14M(6%)"));
        GcLog all = GcLog.read(log);
        assertEquals(3, all.pauses());
        assertEquals(22.83, all.longestMillis(), 1e-9);
        GcLog late = GcLog.read(log, 5.0);
        assertEquals(2, late.pauses());
        assertEquals(0.046, late.longestMillis(), 1e-9);
    }
}
